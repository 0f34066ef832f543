//! Giving the memory a dropped collection freed back to the operating system.

/// Returns the free pages of every malloc arena to the OS (glibc's `malloc_trim(0)`); a no-op
/// on other C libraries.
///
/// Why: dropping a collection frees its shard (segments, indexes, buffers), but glibc keeps
/// freed memory in its arenas for reuse. It trims on its own only the top of the main heap,
/// and only past `M_TRIM_THRESHOLD`; pages freed inside a heap, or in the arena of one of
/// tokio's worker or blocking threads (where the engine runs), stay resident. So the store's
/// RSS stayed far above its start after every collection was gone (issue 14's soak).
/// `malloc_trim` walks every arena and releases each whole free page.
pub(super) fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only takes the allocator's own locks and hands back free pages; no
    // memory in use is touched.
    unsafe {
        libc::malloc_trim(0);
    }
}
