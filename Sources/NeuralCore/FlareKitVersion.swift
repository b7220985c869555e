/// The FlareKit release this code is, recorded in every weight file and run folder it writes so
/// that a result can be traced to the code that made it. Raised with every release.
public enum FlareKitVersion {
    /// `MAJOR.MINOR.PATCH`.
    public static let current = "0.9.0"
}
