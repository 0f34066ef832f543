//! Allocator tuning for Candle's allocation pattern; call first thing in `main`.

/// Candle allocates a fresh buffer for every tensor it produces; the big ones (activations,
/// attention scores: tens of MB per layer) are above glibc's mmap threshold, so by default each
/// is mmap'ed, page-faulted in, zeroed by the kernel and unmapped again, on every layer of
/// every batch (profiled: ~20% of embed time in page faults). Serve them from the heap and keep
/// freed memory there, so the next layer reuses it.
pub fn keep_freed_memory_for_reuse() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only changes allocator tuning; called before any other thread exists.
    unsafe {
        libc::mallopt(libc::M_MMAP_MAX, 0);
        libc::mallopt(libc::M_TRIM_THRESHOLD, 1 << 30);
    }
}
