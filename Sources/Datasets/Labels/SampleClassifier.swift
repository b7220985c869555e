import Foundation

/// The class of one sample and the flare behind it.
public struct SampleClassification: Sendable, Hashable, Codable {
    /// The Guastavino sample class.
    public var sampleClass: SampleClass
    /// The largest C1+ flare class in the forward window (`nil` for the null classes).
    public var largestForwardFlare: FlareClass?

    /// Creates a classification.
    public init(sampleClass: SampleClass, largestForwardFlare: FlareClass?) {
        self.sampleClass = sampleClass
        self.largestForwardFlare = largestForwardFlare
    }
}

/// Guastavino et al. (2022, Sect. 2.1) sample classes for the observation times of one HARP,
/// from that HARP's C1+ flares (all of them, over the whole catalogue) by peak instant.
///
/// For a sample time t, with the ``SampleClassWindows`` forward `(t, t + 24 h]` and backward
/// `[t - 48 h, t)`, the first rule that applies gives the class:
///
/// 1. X, M or C: the largest C1+ flare peaking in the forward window is X1+, M1+ or C1+;
/// 2. NO1: the HARP never produced a C1+ flare;
/// 3. NO3: a C1+ flare peaks in the backward window;
/// 4. NO4: a C1+ flare peaks before `t - 48 h`;
/// 5. NO2: otherwise, so no C1+ flare before t and none in the forward window, but one in the
///    future.
///
/// A flare peaking exactly at t is in neither window and not "in the past": if it is the
/// region's only flare before `t + 24 h`, the sample is NO2. Flares below C1.0 are ignored.
///
/// ```swift
/// let classifier = try SampleClassifier(flares: attribution.flares(ofHARP: 377))
/// classifier.classify(at: sampleTime).sampleClass     // .X when an X flare peaks within 24 h
/// ```
public struct SampleClassifier: Sendable {
    /// The HARP's C1+ flares, ordered by peak.
    public let flares: [FlareEvent]
    /// The windows.
    public let windows: SampleClassWindows
    private let peaks: [Date]

    /// Creates a classifier from a HARP's flares (any order; those below C1.0 are dropped).
    /// - Throws: ``DatasetsError/invalidValue(what:value:reason:)`` for bad windows.
    public init(flares: [FlareEvent], windows: SampleClassWindows = SampleClassWindows()) throws {
        try windows.validate()
        self.windows = windows
        self.flares = flares.enumerated()
            .filter { $0.element.flareClass >= .c1 }
            .sorted { ($0.element.peak, $0.offset) < ($1.element.peak, $1.offset) }
            .map(\.element)
        self.peaks = self.flares.map(\.peak)
    }

    /// The class of a sample taken at `time`.
    public func classify(at time: Date) -> SampleClassification {
        let forwardStart = PeakSearch.firstIndex(in: peaks, after: time)
        let forwardEnd = PeakSearch.firstIndex(in: peaks, after: time.addingTimeInterval(windows.forward))
        if forwardStart < forwardEnd {
            var largest = flares[forwardStart].flareClass
            for index in (forwardStart + 1)..<forwardEnd where flares[index].flareClass > largest {
                largest = flares[index].flareClass
            }
            let sampleClass: SampleClass = largest >= .x1 ? .X : (largest >= .m1 ? .M : .C)
            return SampleClassification(sampleClass: sampleClass, largestForwardFlare: largest)
        }
        if flares.isEmpty { return SampleClassification(sampleClass: .NO1, largestForwardFlare: nil) }
        let backwardStart = PeakSearch.firstIndex(in: peaks, notBefore: time.addingTimeInterval(-windows.backward))
        let backwardEnd = PeakSearch.firstIndex(in: peaks, notBefore: time)
        if backwardStart < backwardEnd {
            return SampleClassification(sampleClass: .NO3, largestForwardFlare: nil)
        }
        if backwardStart > 0 {
            return SampleClassification(sampleClass: .NO4, largestForwardFlare: nil)
        }
        return SampleClassification(sampleClass: .NO2, largestForwardFlare: nil)
    }
}
