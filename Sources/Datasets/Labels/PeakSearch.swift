import Foundation

/// Binary searches in an ascending array of instants (flare peaks).
enum PeakSearch {
    /// The index of the first instant `>= instant` (`peaks.count` if none).
    static func firstIndex(in peaks: [Date], notBefore instant: Date) -> Int {
        var low = 0
        var high = peaks.count
        while low < high {
            let middle = (low + high) / 2
            if peaks[middle] < instant { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The index of the first instant `> instant` (`peaks.count` if none).
    static func firstIndex(in peaks: [Date], after instant: Date) -> Int {
        var low = 0
        var high = peaks.count
        while low < high {
            let middle = (low + high) / 2
            if peaks[middle] <= instant { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
