// Signals, actions, sequences and the error type come from DaemonikerSignals, which programs
// that never daemonize use on its own; `import Daemoniker` brings them along.
@_exported import DaemonikerSignals
