//! `bench-launcher <report.json> <command> [args...]`
//!
//! Runs `command` as its child and waits for it with `wait4`, the only place where a process's
//! exact resident peak survives its exit (`/proc/PID/status` loses VmHWM once the process is a
//! zombie). Writes one JSON object to `report.json`, then ends the way the child ended (same
//! exit code, or the same signal), so the harness sees the pipeline's own status.
//!
//! The launcher is small on purpose: a forked child starts with its parent's resident pages
//! counted, and the kernel folds that into the child's `ru_maxrss` at `exec`; forking from a
//! ~1 MiB launcher keeps that below a MiB (forking from the harness's node would add its
//! whole RSS).
//!
//! Report fields: `fork_t_ms` / `exit_t_ms` (CLOCK_MONOTONIC, ms: just before fork, just after
//! wait4), `pid`, `exit_code` or `signal`, `maxrss_kb` (the largest resident peak of the child
//! and of every descendant it waited for), `user_ms` / `system_ms` (their CPU), and `exec_errno`
//! when the command could not be started.

use std::ffi::{CString, OsString};
use std::io::Write;
use std::os::unix::ffi::OsStrExt;

fn monotonic_ms() -> f64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: a valid, writable timespec; CLOCK_MONOTONIC always exists on Linux.
    unsafe { libc::clock_gettime(libc::CLOCK_MONOTONIC, &mut ts) };
    ts.tv_sec as f64 * 1e3 + ts.tv_nsec as f64 / 1e6
}

fn cstring(arg: &OsString) -> CString {
    CString::new(arg.as_bytes()).unwrap_or_else(|_| usage("an argument contains a NUL byte"))
}

fn usage(why: &str) -> ! {
    eprintln!("bench-launcher: {why}\nusage: bench-launcher <report.json> <command> [args...]");
    std::process::exit(2);
}

/// Signals a process group receives from a terminal or a supervisor: the child gets them (it
/// restores their default action before exec), the launcher ignores them so that it lives to
/// reap the child and write the report.
const FORWARDED: [libc::c_int; 4] = [libc::SIGINT, libc::SIGTERM, libc::SIGHUP, libc::SIGQUIT];

fn main() {
    let mut args: Vec<OsString> = std::env::args_os().skip(1).collect();
    if args.len() < 2 {
        usage("missing arguments");
    }
    let report_path = args.remove(0);
    let argv: Vec<CString> = args.iter().map(cstring).collect();
    let mut argv_ptrs: Vec<*const libc::c_char> = argv.iter().map(|a| a.as_ptr()).collect();
    argv_ptrs.push(std::ptr::null());

    // A pipe closed by a successful exec: if the exec fails, the child writes errno into it.
    let mut exec_pipe = [0 as libc::c_int; 2];
    // SAFETY: plain syscalls on valid pointers; the child only calls async-signal-safe functions.
    unsafe {
        if libc::pipe2(exec_pipe.as_mut_ptr(), libc::O_CLOEXEC) != 0 {
            fail("pipe2");
        }
        for sig in FORWARDED {
            libc::signal(sig, libc::SIG_IGN);
        }
    }
    let fork_t_ms = monotonic_ms();
    // SAFETY: see above.
    let pid = unsafe { libc::fork() };
    if pid < 0 {
        fail("fork");
    }
    if pid == 0 {
        // SAFETY: in the child, only async-signal-safe calls until exec or _exit.
        unsafe {
            for sig in FORWARDED {
                libc::signal(sig, libc::SIG_DFL);
            }
            libc::close(exec_pipe[0]);
            libc::execvp(argv_ptrs[0], argv_ptrs.as_ptr());
            let errno = *libc::__errno_location();
            libc::write(
                exec_pipe[1],
                (&errno as *const libc::c_int).cast(),
                std::mem::size_of::<libc::c_int>(),
            );
            libc::_exit(127);
        }
    }
    // SAFETY: closing our copy of the write end; reading an int from the pipe.
    let exec_errno = unsafe {
        libc::close(exec_pipe[1]);
        let mut errno: libc::c_int = 0;
        let n = libc::read(
            exec_pipe[0],
            (&mut errno as *mut libc::c_int).cast(),
            std::mem::size_of::<libc::c_int>(),
        );
        libc::close(exec_pipe[0]);
        (n == std::mem::size_of::<libc::c_int>() as isize).then_some(errno)
    };

    let mut status: libc::c_int = 0;
    // SAFETY: zeroed rusage is a valid value to be overwritten.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: valid pointers to locals.
        let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if r == pid {
            break;
        }
        if std::io::Error::last_os_error().raw_os_error() != Some(libc::EINTR) {
            fail("wait4");
        }
    }
    let exit_t_ms = monotonic_ms();

    let ms = |tv: libc::timeval| tv.tv_sec as f64 * 1e3 + tv.tv_usec as f64 / 1e3;
    let (exit_code, signal) = if libc::WIFSIGNALED(status) {
        (None, Some(libc::WTERMSIG(status)))
    } else {
        (Some(libc::WEXITSTATUS(status)), None)
    };
    let mut json = format!(
        "{{\"pid\":{pid},\"fork_t_ms\":{fork_t_ms},\"exit_t_ms\":{exit_t_ms},\"exit_code\":{},\"signal\":{},\"maxrss_kb\":{},\"user_ms\":{},\"system_ms\":{}",
        exit_code.map_or("null".into(), |c| c.to_string()),
        signal.map_or("null".into(), |s| s.to_string()),
        usage.ru_maxrss,
        ms(usage.ru_utime),
        ms(usage.ru_stime),
    );
    if let Some(errno) = exec_errno {
        json.push_str(&format!(",\"exec_errno\":{errno}"));
    }
    json.push_str("}\n");
    if let Err(e) =
        std::fs::File::create(&report_path).and_then(|mut f| f.write_all(json.as_bytes()))
    {
        // Not eprintln!: it panics (exit 101) when stderr cannot be written either, as on the
        // full disk that made this write fail; the pipeline's own exit status must still pass through.
        let _ = writeln!(
            std::io::stderr(),
            "bench-launcher: cannot write {}: {e}",
            report_path.to_string_lossy()
        );
    }

    match signal {
        Some(sig) => die_by(sig),
        None => std::process::exit(exit_code.unwrap_or(1)),
    }
}

/// Ends this process by the child's signal, so the parent sees the same status (no core dump).
fn die_by(sig: libc::c_int) -> ! {
    // SAFETY: plain syscalls.
    unsafe {
        let no_core = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        libc::setrlimit(libc::RLIMIT_CORE, &no_core);
        libc::signal(sig, libc::SIG_DFL);
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        libc::sigaddset(&mut set, sig);
        libc::sigprocmask(libc::SIG_UNBLOCK, &set, std::ptr::null_mut());
        libc::raise(sig);
    }
    std::process::exit(128 + sig);
}

fn fail(what: &str) -> ! {
    eprintln!(
        "bench-launcher: {what} failed: {}",
        std::io::Error::last_os_error()
    );
    std::process::exit(125);
}
