import CHDF5
import Foundation

/// An open dataset of an ``HDF5File``: 32-bit floats, 64-bit integers or UTF-8 strings,
/// written and read whole or (floats) by runs of rows along the first dimension.
final class HDF5Dataset {
    /// The element types FlareKit stores.
    enum Element {
        case float32, int64, string

        /// The type stored in the file (little-endian numbers, UTF-8 variable-length strings).
        func fileType(_ path: String) throws -> HDF5Identifier {
            switch self {
            case .float32: try HDF5Identifier.type(H5Tcopy(fk_h5t_ieee_f32le()), path, "create a float type")
            case .int64: try HDF5Identifier.type(H5Tcopy(fk_h5t_std_i64le()), path, "create an integer type")
            case .string: try HDF5Identifier.utf8String(path)
            }
        }
    }

    let id: hid_t
    /// The dataset's name in the file.
    let name: String
    /// The file's path, for errors.
    let path: String
    /// The dimensions.
    var shape: [Int]

    init(id: hid_t, name: String, path: String, shape: [Int]) {
        self.id = id
        self.name = name
        self.path = path
        self.shape = shape
    }

    deinit {
        HDF5.call { _ = H5Dclose(id) }
    }

    /// The number of elements in one row (the product of the dimensions after the first).
    var rowSize: Int { shape.dropFirst().reduce(1, *) }

    /// The dimensions as stored.
    func storedShape() throws -> [Int] {
        try HDF5.call {
            let space = try HDF5Identifier.space(H5Dget_space(id), path, "read the shape of dataset '\(name)'")
            let rank = H5Sget_simple_extent_ndims(space.id)
            guard rank >= 0 else { throw HDF5.failure(path, "read the rank of dataset '\(name)'") }
            var dimensions = [hsize_t](repeating: 0, count: Int(rank))
            guard H5Sget_simple_extent_dims(space.id, &dimensions, nil) >= 0 else {
                throw HDF5.failure(path, "read the dimensions of dataset '\(name)'")
            }
            return dimensions.map { Int($0) }
        }
    }

    /// Throws unless the stored elements are of `element`'s class (any float or integer
    /// size is converted by HDF5; strings must be variable-length).
    func require(_ element: Element) throws {
        try HDF5.call {
            let type = try HDF5Identifier.type(H5Dget_type(id), path, "read the type of dataset '\(name)'")
            let typeClass = H5Tget_class(type.id)
            let matches = switch element {
            case .float32: typeClass == H5T_FLOAT
            case .int64: typeClass == H5T_INTEGER
            case .string: typeClass == H5T_STRING && H5Tis_variable_str(type.id) > 0
            }
            guard matches else {
                let expected = switch element {
                case .float32: "floating-point"
                case .int64: "integer"
                case .string: "variable-length string"
                }
                throw DatasetsError.file(path: path, reason: "dataset '\(name)' is not \(expected)")
            }
        }
    }

    // MARK: Floats by rows

    /// Writes `values` (`count * rowSize` of them) into rows `start..<start + count`.
    func write(rows start: Int, count: Int, from values: UnsafeBufferPointer<Float>) throws {
        try transfer(rows: start, count: count, values: values.count, verb: "write") { memory, file in
            H5Dwrite(id, fk_h5t_native_float(), memory, file, 0, values.baseAddress)
        }
    }

    /// Reads rows `start..<start + count` into `values` (`count * rowSize` of them).
    func read(rows start: Int, count: Int, into values: UnsafeMutableBufferPointer<Float>) throws {
        try transfer(rows: start, count: count, values: values.count, verb: "read") { memory, file in
            H5Dread(id, fk_h5t_native_float(), memory, file, 0, values.baseAddress)
        }
    }

    private func transfer(rows start: Int, count: Int, values: Int, verb: String, _ body: (hid_t, hid_t) -> herr_t) throws {
        guard let rows = shape.first, start >= 0, count >= 0, start + count <= rows, values == count * rowSize else {
            throw DatasetsError.invalidValue(
                what: "rows of dataset '\(name)' in \(path)", value: "\(start)..<\(start + count) (\(values) values)",
                reason: "the dataset has shape \(shape)")
        }
        guard count > 0 else { return }
        try HDF5.call {
            let file = try HDF5Identifier.space(H5Dget_space(id), path, "read the shape of dataset '\(name)'")
            var offset = [hsize_t](repeating: 0, count: shape.count)
            offset[0] = hsize_t(start)
            var extent = shape.map { hsize_t($0) }
            extent[0] = hsize_t(count)
            try HDF5.check(
                H5Sselect_hyperslab(file.id, H5S_SELECT_SET, offset, nil, extent, nil), path,
                "select rows \(start)..<\(start + count) of dataset '\(name)'")
            let memory = try HDF5Identifier.space(H5Screate_simple(Int32(extent.count), extent, nil), path, "create a dataspace")
            try HDF5.check(body(memory.id, file.id), path, "cannot \(verb) rows \(start)..<\(start + count) of dataset '\(name)'")
        }
    }

    // MARK: Whole datasets

    /// Writes every element (floats).
    func write(_ values: [Float]) throws {
        try checkWhole(values.count)
        try HDF5.call {
            try HDF5.check(H5Dwrite(id, fk_h5t_native_float(), 0, 0, 0, values), path, "cannot write dataset '\(name)'")
        }
    }

    /// Writes every element (integers).
    func write(_ values: [Int]) throws {
        try checkWhole(values.count)
        let stored = values.map { Int64($0) }
        try HDF5.call {
            try HDF5.check(H5Dwrite(id, fk_h5t_native_int64(), 0, 0, 0, stored), path, "cannot write dataset '\(name)'")
        }
    }

    /// Writes every element (strings).
    func write(_ values: [String]) throws {
        try checkWhole(values.count)
        let copies = values.map { strdup($0) }
        defer { copies.forEach { free($0) } }
        let pointers = copies.map { UnsafePointer($0) }
        try HDF5.call {
            let type = try HDF5Identifier.utf8String(path)
            try HDF5.check(H5Dwrite(id, type.id, 0, 0, 0, pointers), path, "cannot write dataset '\(name)'")
        }
    }

    /// Every element, as floats.
    func floats() throws -> [Float] {
        try require(.float32)
        var values = [Float](repeating: 0, count: elementCount)
        try HDF5.call {
            try HDF5.check(H5Dread(id, fk_h5t_native_float(), 0, 0, 0, &values), path, "cannot read dataset '\(name)'")
        }
        return values
    }

    /// Every element, as integers.
    func integers() throws -> [Int] {
        try require(.int64)
        var values = [Int64](repeating: 0, count: elementCount)
        try HDF5.call {
            try HDF5.check(H5Dread(id, fk_h5t_native_int64(), 0, 0, 0, &values), path, "cannot read dataset '\(name)'")
        }
        return values.map { Int($0) }
    }

    /// Every element, as strings.
    func strings() throws -> [String] {
        try require(.string)
        var pointers = [UnsafeMutablePointer<CChar>?](repeating: nil, count: elementCount)
        try HDF5.call {
            let type = try HDF5Identifier.utf8String(path)
            try HDF5.check(H5Dread(id, type.id, 0, 0, 0, &pointers), path, "cannot read dataset '\(name)'")
        }
        defer { pointers.forEach { if let pointer = $0 { H5free_memory(pointer) } } }
        return pointers.map { $0.map { String(cString: $0) } ?? "" }
    }

    private var elementCount: Int { shape.reduce(1, *) }

    private func checkWhole(_ count: Int) throws {
        guard count == elementCount else {
            throw DatasetsError.invalidValue(
                what: "values for dataset '\(name)' in \(path)", value: "\(count)", reason: "the dataset has shape \(shape)")
        }
    }
}
