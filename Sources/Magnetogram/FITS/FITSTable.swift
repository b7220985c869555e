import CFITSIO
import Foundation

/// One numeric column of a binary table, read as `Double` (TSCALn / TZEROn applied, TNULLn
/// and NaN values as NaN), with its unit.
///
/// Values are flattened row by row: row `r` holds `values[r * elementsPerRow ..< (r + 1) *
/// elementsPerRow]`. A vector column with `TDIMn = '(2,42177)'` has `dimensions == [2, 42177]`
/// (fastest-varying first, as in FITS), so element `(channel, sample)` of a row is at
/// `sample * 2 + channel`.
///
/// ```swift
/// let table = try FITSReader().readTable(at: "go1520110607.fits", extensionName: "FLUXES", columns: ["TIME", "FLUX"])
/// let flux = table.column("FLUX")!     // unit "W /m**2", dimensions [2, 42177]
/// let longChannel = stride(from: 0, to: flux.values.count, by: 2).map { flux.values[$0] }
/// ```
public struct FITSTableColumn: Sendable, Equatable {
    /// TTYPEn.
    public var name: String
    /// TUNITn, `nil` when absent.
    public var unit: String?
    /// Elements per row (the repeat count of TFORMn; 1 for a scalar column).
    public var elementsPerRow: Int
    /// TDIMn as integers, fastest-varying first; `nil` when absent.
    public var dimensions: [Int]?
    /// Rows in the table (NAXIS2).
    public var rowCount: Int
    /// Every element, row-major (row by row, each row's elements in file order).
    public var values: [Double]

    /// A column from its parts.
    public init(name: String, unit: String?, elementsPerRow: Int, dimensions: [Int]?, rowCount: Int, values: [Double]) {
        self.name = name
        self.unit = unit
        self.elementsPerRow = elementsPerRow
        self.dimensions = dimensions
        self.rowCount = rowCount
        self.values = values
    }

    /// The elements of one row.
    public func row(_ index: Int) -> ArraySlice<Double> {
        values[index * elementsPerRow ..< (index + 1) * elementsPerRow]
    }

    /// The value of a scalar column at `row` (the first element of a vector column).
    public subscript(row: Int) -> Double {
        values[row * elementsPerRow]
    }
}

/// The numeric columns read from a binary-table HDU, with the table's header.
///
/// ```swift
/// let table = try FITSReader().readTable(at: path)            // first binary table, every numeric column
/// table.columnNames                                           // every TTYPEn, in order
/// table.column("TIME")?.unit                                  // "s"
/// ```
public struct FITSTable: Sendable, Equatable {
    /// The file.
    public var path: String
    /// The HDU, 0-based.
    public var hduIndex: Int
    /// EXTNAME, `nil` when absent.
    public var name: String?
    /// NAXIS2.
    public var rowCount: Int
    /// Every TTYPEn of the table, in column order (also those not read).
    public var columnNames: [String]
    /// The columns read, in the order asked for (or table order).
    public var columns: [FITSTableColumn]
    /// The table's header.
    public var header: FITSHeader

    /// The column named `name` (case-insensitive), if it was read.
    public func column(_ name: String) -> FITSTableColumn? {
        columns.first { $0.name.uppercased() == name.uppercased() }
    }
}

extension FITSReader {
    /// Reads numeric columns of a binary table.
    ///
    /// - Parameters:
    ///   - path: the FITS file (plain or `.fits.gz`).
    ///   - hdu: the HDU (0-based); `nil` to find it by `extensionName`, or else the first binary table.
    ///   - extensionName: EXTNAME of the table (case-insensitive), used when `hdu` is `nil`.
    ///   - columns: the TTYPEn names to read (case-insensitive); `nil` for every column that
    ///     holds numbers (string, logical, bit, complex and variable-length columns are skipped).
    /// - Throws: `.noSuchHDU`, `.wrongHDUType`, `.missingColumn`, `.unsupportedColumn` for a named
    ///   column that does not hold numbers, `.imageTooLarge` when a column has more elements than
    ///   ``FITSReadOptions/maximumPixelCount``, and every error of opening a file (see the type).
    public func readTable(at path: String, hdu: Int? = nil, extensionName: String? = nil, columns: [String]? = nil) throws -> FITSTable {
        try withCFITSIO {
            let handle = try FITSReader.open(path: path)
            defer { handle.close() }
            let (index, header) = try locateTable(handle, hdu: hdu, extensionName: extensionName)
            let rows = try header.integer("NAXIS2") ?? 0
            let fieldCount = try header.integer("TFIELDS") ?? 0
            let names = try (0..<max(fieldCount, 0)).map { try header.string("TTYPE\($0 + 1)") ?? "COL\($0 + 1)" }
            var chosen: [(number: Int, required: Bool)] = []
            if let columns {
                for requested in columns {
                    guard let position = names.firstIndex(where: { $0.uppercased() == requested.uppercased() }) else {
                        throw MagnetogramError.missingColumn(path: path, hdu: index, column: requested)
                    }
                    chosen.append((position + 1, true))
                }
            } else {
                chosen = names.indices.map { ($0 + 1, false) }
            }
            var read: [FITSTableColumn] = []
            for (number, required) in chosen {
                if let column = try readColumn(handle, number: number, name: names[number - 1], rows: rows, header: header, hdu: index, required: required) {
                    read.append(column)
                }
            }
            return FITSTable(
                path: path, hduIndex: index, name: try header.string("EXTNAME"), rowCount: rows, columnNames: names,
                columns: read, header: header)
        }
    }

    private func locateTable(_ handle: FITSHandle, hdu: Int?, extensionName: String?) throws -> (Int, FITSHeader) {
        if let hdu {
            let (type, header) = try FITSReader.requestedHDU(handle, hdu)
            guard type == BINARY_TBL, try !handle.isCompressedImage() else {
                throw MagnetogramError.wrongHDUType(
                    path: handle.path, hdu: hdu, expected: "a binary table", found: FITSReader.describe(type: type, header: header))
            }
            return (hdu, header)
        }
        var index = 0
        while let type = try handle.move(to: index) {
            let header = try handle.storedHeader()
            try FITSReader.checkDataSize(handle, hdu: index, header: header)
            if type == BINARY_TBL, try !handle.isCompressedImage() {
                let name = try header.string("EXTNAME")
                if extensionName == nil || name?.uppercased() == extensionName?.uppercased() { return (index, header) }
            }
            index += 1
        }
        if let extensionName {
            throw MagnetogramError.file(path: handle.path, problem: "no binary table named \(extensionName) (\(index) HDUs)")
        }
        throw MagnetogramError.file(path: handle.path, problem: "no binary table (\(index) HDUs)")
    }

    /// Reads one column, or returns `nil` for a non-numeric column that was not asked for by name.
    private func readColumn(
        _ handle: FITSHandle, number: Int, name: String, rows: Int, header: FITSHeader, hdu: Int, required: Bool
    ) throws -> FITSTableColumn? {
        var type: Int32 = 0
        var repeatCount: LONGLONG = 0
        var width: LONGLONG = 0
        try handle.check("reading the type of column \(name)") { ffgtclll($0, Int32(number), &type, &repeatCount, &width, &$1) }
        let numeric: Set<Int32> = [TBYTE, TSBYTE, TSHORT, TUSHORT, TINT, TUINT, TLONG, TULONG, TLONGLONG, TULONGLONG, TFLOAT, TDOUBLE]
        guard numeric.contains(type) else {
            guard required else { return nil }
            let reason: String
            switch type {
            case TSTRING: reason = "it holds strings"
            case TLOGICAL: reason = "it holds logicals"
            case TBIT: reason = "it holds bits"
            case TCOMPLEX, TDBLCOMPLEX: reason = "it holds complex numbers"
            default: reason = type < 0 ? "it is a variable-length array" : "cfitsio type \(type)"
            }
            throw MagnetogramError.unsupportedColumn(path: handle.path, column: name, reason: reason)
        }
        let perRow = Int(repeatCount)
        let (count, overflow) = perRow.multipliedReportingOverflow(by: rows)
        guard !overflow, count <= options.maximumPixelCount else {
            throw MagnetogramError.imageTooLarge(path: handle.path, hdu: hdu, pixels: overflow ? Int.max : count, limit: options.maximumPixelCount)
        }
        var values = [Double](repeating: 0, count: count)
        if count > 0 {
            var null = Double.nan
            var anyNull: Int32 = 0
            try values.withUnsafeMutableBufferPointer { buffer in
                _ = try handle.check("reading column \(name)") {
                    ffgcv($0, TDOUBLE, Int32(number), 1, 1, LONGLONG(count), &null, buffer.baseAddress, &anyNull, &$1)
                }
            }
        }
        let dimensions = try header.string("TDIM\(number)").flatMap { text -> [Int]? in
            let parts = text.trimmingCharacters(in: CharacterSet(charactersIn: "() ")).split(separator: ",")
            let numbers = parts.compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            return numbers.count == parts.count && !numbers.isEmpty ? numbers : nil
        }
        return FITSTableColumn(
            name: name, unit: try header.string("TUNIT\(number)"), elementsPerRow: perRow, dimensions: dimensions,
            rowCount: rows, values: values)
    }
}
