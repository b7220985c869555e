/// Guastavino et al. (2022, Sect. 2.1) sample classes: the largest flare of the sample's region
/// in the 24 hours after the sample time (X, M, C), or for a sample with no C1+ flare in that
/// window, one of four null classes by the region's history.
public enum SampleClass: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// An X1+ flare in the next 24 hours.
    case X
    /// An M1+ (below X) flare in the next 24 hours.
    case M
    /// A C1+ (below M) flare in the next 24 hours.
    case C
    /// The region never produced a C1+ flare.
    case NO1
    /// No C1+ flare in the next 24 hours nor in the past, but one in the future.
    case NO2
    /// No C1+ flare in the next 24 hours, but one in the 48 hours before the sample time.
    case NO3
    /// No C1+ flare in the next 24 hours nor the 48 hours before, but one earlier.
    case NO4

    /// Whether the class is a flaring one (X, M or C).
    public var isFlaring: Bool { self == .X || self == .M || self == .C }

    /// The binary label for a task: 1 when the sample's class is at or above the task's
    /// threshold (`.c1`: X, M and C are positive; `.m1`: X and M are positive).
    public func isPositive(for task: FlareTask) -> Bool {
        switch task {
        case .c1: isFlaring
        case .m1: self == .X || self == .M
        }
    }

    public static func < (lhs: SampleClass, rhs: SampleClass) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// The binary forecasting task of Guastavino et al.: predict C1+ or M1+ flares.
public enum FlareTask: String, Sendable, Hashable, Codable, CaseIterable {
    /// C1+ flares in the next 24 hours.
    case c1 = "C1+"
    /// M1+ flares in the next 24 hours.
    case m1 = "M1+"
}
