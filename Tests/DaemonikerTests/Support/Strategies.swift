/// The detaching backends every behaviour test runs against (one list, DESIGN.md "Backends").
let detachingStrategies = ["fork", "relaunch"]
