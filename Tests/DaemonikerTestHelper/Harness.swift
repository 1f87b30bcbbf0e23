// The harness: a child subreaper that starts one command and then reaps everything that command
// leaves behind, so a test can prove that nothing it started survives.
//
//   DaemonikerTestHelper harness STATUS [--pty SLAVE] [--dirty-signals] [--close-stdio]
//       [--parent-name NAME] [--stdin-socket] [--new-pid-namespace] [--command-env NAME=VALUE]
//       [--open-fd N=PATH] [--nameless-fd N=PATH] -- COMMAND...
//
// --open-fd gives the command PATH opened for reading as descriptor N; --nameless-fd does the
// same and then removes PATH, so that N is a file with no name.
//
// STATUS gets one line per ended process: "launcher <pid> <code>" for the command,
// "exit <pid> <code>" for an orphan (the daemon, a sentinel), "survivor <pid>" for one that was
// still alive when the harness was told to stop (then killed), and "done" last. Codes are exit
// statuses, or 128 + signal for a process a signal ended, which also gets " signal N" after the
// code, so that an exit with status 143 and a death by SIGTERM are told apart.
import CTestSupport
import DaemonikerTestSupport

#if canImport(Glibc)
    import Glibc
#endif

nonisolated(unsafe) private var stopRequested: sig_atomic_t = 0

func runHarness(_ arguments: [String]) -> Never {
    guard arguments.count >= 3, let dash = arguments.firstIndex(of: "--") else {
        writeError("usage: harness STATUS [--pty SLAVE] -- COMMAND...\n")
        exit(64)
    }
    let statusPath = arguments[0]
    let ptyPath = arguments.firstIndex(of: "--pty").map { arguments[$0 + 1] }
    let command = Array(arguments[(dash + 1)...])
    _ = ts_become_subreaper()
    let status = open(statusPath, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
    func record(_ line: String) {
        let bytes = Array((line + "\n").utf8)
        _ = bytes.withUnsafeBytes { write(status, $0.baseAddress, $0.count) }
    }
    if let ptyPath {
        // A session of our own with the pseudo-terminal as its controlling terminal, so the
        // command starts the way it would from an interactive shell.
        _ = setsid()
        let tty = open(ptyPath, O_RDWR)
        guard tty >= 0, ts_set_controlling_terminal(tty) == 0 else {
            record("error pty \(errno)")
            exit(70)
        }
        dup2(tty, 0)
        dup2(tty, 1)
        dup2(tty, 2)
        if tty > 2 { close(tty) }
    }
    var action = sigaction()
    action.__sigaction_handler.sa_handler = { _ in stopRequested = 1 }
    sigemptyset(&action.sa_mask)
    action.sa_flags = 0  // No SA_RESTART: waitpid returns EINTR so the stop is noticed.
    sigaction(SIGTERM, &action, nil)

    if arguments.contains("--dirty-signals") {
        // What a careless parent may leave: signals ignored and blocked, inherited across exec.
        signal(SIGUSR1, SIG_IGN)
        signal(SIGHUP, SIG_IGN)
        signal(SIGPIPE, SIG_IGN)
        var blocked = sigset_t()
        sigemptyset(&blocked)
        sigaddset(&blocked, SIGUSR2)
        sigaddset(&blocked, SIGINT)
        sigaddset(&blocked, SIGALRM)
        sigprocmask(SIG_BLOCK, &blocked, nil)
    }
    // Standing in for a supervisor: its name (what runit, s6 and daemontools are recognised by),
    // standard input a socket (inetd), a pid namespace of the command's own (a container).
    if let index = arguments.firstIndex(of: "--parent-name"), index + 1 < dash {
        _ = ts_set_process_name(arguments[index + 1])
    }
    // A variable for the command only (one the harness, the same executable, must not see).
    for (index, argument) in arguments.enumerated() where argument == "--command-env" && index + 1 < dash {
        let pair = arguments[index + 1].split(separator: "=", maxSplits: 1).map(String.init)
        if pair.count == 2 { setenv(pair[0], pair[1], 1) }
    }
    for (index, argument) in arguments.enumerated()
    where (argument == "--open-fd" || argument == "--nameless-fd") && index + 1 < dash {
        let pair = arguments[index + 1].split(separator: "=", maxSplits: 1).map(String.init)
        guard pair.count == 2, let target = Int32(pair[0]),
            placeDescriptor(target, from: pair[1], nameless: argument == "--nameless-fd")
        else {
            record("error \(argument) \(arguments[index + 1]) \(errno)")
            exit(70)
        }
    }
    var socketPair: [Int32] = [-1, -1]
    if arguments.contains("--stdin-socket"),
        socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &socketPair) != 0
    {
        record("error socketpair \(errno)")
        exit(70)
    }
    if arguments.contains("--new-pid-namespace"), ts_new_pid_namespace() != 0 {
        record("error unshare \(errno)")
        exit(70)
    }
    let launcher = spawn(
        command, closeStandardInputAndOutput: arguments.contains("--close-stdio"),
        standardInput: socketPair[1])
    if launcher < 0 {
        record("error spawn \(errno)")
        exit(70)
    }
    while true {
        if stopRequested != 0 {
            for pid in Proc.children(of: getpid()) {
                record("survivor \(pid)")
                kill(pid, SIGKILL)
            }
            stopRequested = 0
        }
        var code: Int32 = 0
        let pid = waitpid(-1, &code, 0)
        if pid < 0 {
            if errno == EINTR { continue }
            break  // ECHILD: nothing left anywhere below us.
        }
        let signal = code & 0x7f
        let value = signal == 0 ? (code >> 8) & 0xff : 128 + signal
        let how = signal == 0 ? "" : " signal \(signal)"
        record(pid == launcher ? "launcher \(pid) \(value)\(how)" : "exit \(pid) \(value)\(how)")
    }
    record("done")
    exit(0)
}

/// Starts `command` with this process's stdio and environment.
private func spawn(_ command: [String], closeStandardInputAndOutput: Bool, standardInput: Int32) -> pid_t {
    var pid: pid_t = 0
    var argv: [UnsafeMutablePointer<CChar>?] = command.map { strdup($0) }
    argv.append(nil)
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    if closeStandardInputAndOutput {
        posix_spawn_file_actions_addclose(&actions, 0)
        posix_spawn_file_actions_addclose(&actions, 1)
    }
    if standardInput >= 0 { posix_spawn_file_actions_adddup2(&actions, standardInput, 0) }
    let result = posix_spawn(&pid, command[0], &actions, nil, argv, environ)
    if result != 0 {
        errno = result
        return -1
    }
    return pid
}

/// Opens `path` as descriptor `target`, inherited by the command; `nameless`: then removes it.
private func placeDescriptor(_ target: Int32, from path: String, nameless: Bool) -> Bool {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { return false }
    if nameless { unlink(path) }
    if fd != target {
        guard dup2(fd, target) == target else { return false }
        close(fd)
    }
    return true
}
