#if os(Windows)
    import WinSDK

    /// The Windows layer's namespace. Filled in by the relaunch issue; see README "Windows".
    package enum Platform {}
#endif
