import Foundation
import Testing
@testable import Magnetogram

@Suite("FITS binary tables")
struct FITSTableTests {
    /// A table with a scaled int16 scalar column (TSCAL, TZERO, TNULL), a float32 vector column
    /// with TDIM, a string column and an int64 column.
    func makeTable(in folder: URL) throws -> String {
        var rows: [[UInt8]] = []
        let counts: [Double] = [10, -32768, 30]
        for row in 0..<3 {
            var bytes = FITSBytes.bigEndian([counts[row]], bitpix: 16)
            bytes += FITSBytes.bigEndian([Double(row), Double(row) + 0.5, .nan, -1], bitpix: -32)
            bytes += Array("ab\(row)".utf8)
            bytes += FITSBytes.bigEndian([Double(row) * 1e6], bitpix: 64)
            rows.append(bytes)
        }
        let table = FITSBytes.binaryTable(
            rows: 3,
            columns: [
                ("COUNTS", "1I", "count", [FITSBytes.card("TSCAL1", "2."), FITSBytes.card("TZERO1", "1."), FITSBytes.card("TNULL1", "-32768")]),
                ("FLUX", "4E", "W /m**2", [FITSBytes.card("TDIM2", "'(2,2)'")]),
                ("LABEL", "3A", nil, []),
                ("BIG", "1K", nil, []),
            ],
            rowBytes: rows, name: "DATA")
        let path = folder.appendingPathComponent("table.fits").path
        try (FITSBytes.emptyPrimary() + table).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func readsScalarAndVectorColumnsWithUnits() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try makeTable(in: folder)
        let table = try FITSReader().readTable(at: path, columns: ["counts", "FLUX", "BIG"])
        #expect(table.hduIndex == 1 && table.name == "DATA" && table.rowCount == 3)
        #expect(table.columnNames == ["COUNTS", "FLUX", "LABEL", "BIG"])
        let counts = try #require(table.column("COUNTS"))
        #expect(counts.unit == "count" && counts.elementsPerRow == 1)
        #expect(counts[0] == 21 && counts[1].isNaN && counts[2] == 61)
        let flux = try #require(table.column("flux"))
        #expect(flux.unit == "W /m**2" && flux.elementsPerRow == 4 && flux.dimensions == [2, 2])
        #expect(Array(flux.row(1).prefix(2)) == [1, 1.5])
        #expect(flux.row(2)[flux.row(2).startIndex + 2].isNaN)
        #expect(flux.values.count == 12)
        #expect(table.column("BIG")?.values == [0, 1e6, 2e6])
    }

    @Test func allNumericColumnsAndErrors() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try makeTable(in: folder)
        let all = try FITSReader().readTable(at: path)
        #expect(all.columns.map(\.name) == ["COUNTS", "FLUX", "BIG"])
        #expect(try FITSReader().readTable(at: path, extensionName: "data").hduIndex == 1)
        #expect(throws: MagnetogramError.missingColumn(path: path, hdu: 1, column: "NOPE")) {
            try FITSReader().readTable(at: path, columns: ["NOPE"])
        }
        #expect(throws: MagnetogramError.unsupportedColumn(path: path, column: "LABEL", reason: "it holds strings")) {
            try FITSReader().readTable(at: path, columns: ["LABEL"])
        }
        #expect(throws: MagnetogramError.wrongHDUType(path: path, hdu: 0, expected: "a binary table", found: "an image")) {
            try FITSReader().readTable(at: path, hdu: 0)
        }
        #expect(throws: MagnetogramError.self) { try FITSReader().readTable(at: path, extensionName: "OTHER") }
    }

    @Test(.enabled(if: SharedData.isAvailable, SharedData.skipMessage))
    func goesFluxesMatchTheReference() throws {
        let reference = try SharedData.reference("go1520110607.fits")
        let table = try FITSReader().readTable(at: SharedData.path("goes_xrs/go1520110607.fits"), extensionName: "FLUXES", columns: ["TIME", "FLUX"])
        let time = try #require(table.column("TIME"))
        let flux = try #require(table.column("FLUX"))
        let samples = try #require(reference["n_samples"] as? Int)
        #expect(time.unit == "s" && flux.unit == "W /m**2")
        #expect(time.elementsPerRow == samples && flux.dimensions == [2, samples])
        var worst = 0.0
        for (channel, key) in [(0, "long_1_8A"), (1, "short_0.5_4A")] {
            let expected = try #require(reference[key] as? [String: Any])
            let series = stride(from: channel, to: flux.values.count, by: 2).map { flux.values[$0] }
            let peak = try #require(series.indices.max { series[$0] < series[$1] })
            #expect(peak == expected["peak_index"] as? Int)
            let checks: [(Double, String)] = [
                (series[peak], "peak_flux_W_m2"), (time.values[peak], "peak_time_seconds_of_day"),
                (series.filter { $0 > 0 }.min() ?? 0, "min_valid_flux"),
                (series.filter { $0 > 0 }.reduce(0, +) / Double(series.filter { $0 > 0 }.count), "mean_valid_flux"),
            ]
            for (actual, name) in checks {
                let value = try #require(expected[name] as? Double)
                let difference = relativeDifference(actual, value)
                worst = max(worst, difference)
                #expect(difference <= 1e-6, "\(key) \(name): \(actual) vs \(value)")
            }
        }
        let edges = try FITSReader().readTable(at: SharedData.path("goes_xrs/go1520110607.fits"), extensionName: "EDGES")
        #expect(edges.column("EDGES")?.values == [1, 8, 0.5, 4])
        #expect(edges.column("EDGES")?.unit == "angstrom")
        reportDifference("go1520110607.fits", worst)
    }
}
