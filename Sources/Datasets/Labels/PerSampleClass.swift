/// One value for each of the seven ``SampleClass``es: sample counts, target rates, and so on.
///
/// It encodes as an object with the keys `x`, `m`, `c`, `no1` ... `no4`, which survive
/// snake-case key conversion unchanged (a dictionary keyed by the class would not).
///
/// ```swift
/// var counts = PerSampleClass(repeating: 0)
/// counts[.M] += 1
/// let rates = PerSampleClass<Double>.guastavino2022Rates
/// rates[.NO1]                            // 0.4594
/// ```
public struct PerSampleClass<Value> {
    /// The value of class X.
    public var x: Value
    /// The value of class M.
    public var m: Value
    /// The value of class C.
    public var c: Value
    /// The value of class NO1.
    public var no1: Value
    /// The value of class NO2.
    public var no2: Value
    /// The value of class NO3.
    public var no3: Value
    /// The value of class NO4.
    public var no4: Value

    /// Creates a table from one value per class.
    public init(x: Value, m: Value, c: Value, no1: Value, no2: Value, no3: Value, no4: Value) {
        self.x = x
        self.m = m
        self.c = c
        self.no1 = no1
        self.no2 = no2
        self.no3 = no3
        self.no4 = no4
    }

    /// Creates a table holding the same value for every class.
    public init(repeating value: Value) {
        self.init(x: value, m: value, c: value, no1: value, no2: value, no3: value, no4: value)
    }

    /// Creates a table by evaluating `value` for every class.
    public init(_ value: (SampleClass) throws -> Value) rethrows {
        self.init(
            x: try value(.X), m: try value(.M), c: try value(.C), no1: try value(.NO1),
            no2: try value(.NO2), no3: try value(.NO3), no4: try value(.NO4))
    }

    /// The value of a class.
    public subscript(_ sampleClass: SampleClass) -> Value {
        get {
            switch sampleClass {
            case .X: x
            case .M: m
            case .C: c
            case .NO1: no1
            case .NO2: no2
            case .NO3: no3
            case .NO4: no4
            }
        }
        set {
            switch sampleClass {
            case .X: x = newValue
            case .M: m = newValue
            case .C: c = newValue
            case .NO1: no1 = newValue
            case .NO2: no2 = newValue
            case .NO3: no3 = newValue
            case .NO4: no4 = newValue
            }
        }
    }

    /// A table with `transform` applied to every value.
    public func map<T>(_ transform: (Value) throws -> T) rethrows -> PerSampleClass<T> {
        try PerSampleClass<T> { try transform(self[$0]) }
    }
}

extension PerSampleClass: Sendable where Value: Sendable {}
extension PerSampleClass: Equatable where Value: Equatable {}
extension PerSampleClass: Hashable where Value: Hashable {}
extension PerSampleClass: Encodable where Value: Encodable {}
extension PerSampleClass: Decodable where Value: Decodable {}

extension PerSampleClass where Value: AdditiveArithmetic {
    /// The sum over the seven classes.
    public var total: Value {
        SampleClass.allCases.reduce(Value.zero) { $0 + self[$1] }
    }
}

extension PerSampleClass where Value == Double {
    /// The class rates of the HMI archive between 2012 September 14 and 2017 September 30 that
    /// Guastavino et al. (2022, Sect. 2.2) require of every well-balanced set: p_X 0.13%,
    /// p_M 3.21%, p_C 18.08%, p_NO1 45.94%, p_NO2 3.57%, p_NO3 12.06%, p_NO4 17.01%.
    public static let guastavino2022Rates = PerSampleClass(
        x: 0.0013, m: 0.0321, c: 0.1808, no1: 0.4594, no2: 0.0357, no3: 0.1206, no4: 0.1701)
}
