import CHDF5
import Foundation

/// An open HDF5 file: its datasets and its scalar attributes (strings and integers). Closed
/// by ``close()`` (which reports a failed flush) or, at the latest, when the value goes away.
/// Every failure is a ``DatasetsError/file(path:reason:)`` naming the file.
final class HDF5File {
    /// The file's path, for errors.
    let path: String
    let id: hid_t
    private var isOpen = true

    private init(id: hid_t, path: String) {
        self.id = id
        self.path = path
    }

    /// Creates a new file at `path`; fails when one exists.
    static func create(_ path: String) throws -> HDF5File {
        try HDF5.call {
            let access = try accessProperties(path)
            let id = try HDF5.check(H5Fcreate(path, fk_h5f_acc_excl(), 0, access.id), path, "cannot create the HDF5 file")
            return HDF5File(id: id, path: path)
        }
    }

    /// Opens an existing file for reading.
    static func open(_ path: String) throws -> HDF5File {
        try HDF5.call {
            let access = try accessProperties(path)
            return HDF5File(id: try HDF5.check(H5Fopen(path, fk_h5f_acc_rdonly(), access.id), path, "cannot open as an HDF5 file"), path: path)
        }
    }

    /// Closing the file closes its objects; HDF5's file locking, ignored where the file system has none.
    private static func accessProperties(_ path: String) throws -> HDF5Identifier {
        HDF5Identifier(
            try HDF5.check(fk_h5p_file_access_tolerant(), path, "create file-access properties"), close: { H5Pclose($0) })
    }

    /// Flushes and closes the file, and with it every dataset still open in it.
    func close() throws {
        try HDF5.call {
            guard isOpen else { return }
            isOpen = false
            try HDF5.check(H5Fflush(id, H5F_SCOPE_GLOBAL), path, "cannot write the HDF5 file to disk (flush)")
            try HDF5.check(H5Fclose(id), path, "cannot write the HDF5 file to disk (close)")
        }
    }

    deinit {
        if isOpen { HDF5.call { _ = H5Fclose(id) } }
    }

    // MARK: Datasets

    /// Creates a dataset of `type` and `shape`, stored in chunks of `chunk` when given (no
    /// compression: a chunk is read by one copy), each chunk with a Fletcher-32 checksum
    /// when `checksummed` (HDF5 then refuses to read a damaged chunk).
    func createDataset(
        _ name: String, type: HDF5Dataset.Element, shape: [Int], chunk: [Int]? = nil, checksummed: Bool = false
    ) throws -> HDF5Dataset {
        try HDF5.call {
            let space = try HDF5Identifier.space(shape: shape, path)
            let properties = HDF5Identifier(
                try HDF5.check(H5Pcreate(fk_h5p_dataset_create()), path, "create dataset properties"), close: { H5Pclose($0) })
            if let chunk {
                try HDF5.check(
                    H5Pset_chunk(properties.id, Int32(chunk.count), chunk.map { hsize_t($0) }), path,
                    "set the chunks \(chunk) of dataset '\(name)'")
                if checksummed {
                    try HDF5.check(H5Pset_fletcher32(properties.id), path, "set the checksum of dataset '\(name)'")
                }
            }
            let fileType = try type.fileType(path)
            let id = try HDF5.check(
                H5Dcreate2(self.id, name, fileType.id, space.id, 0, properties.id, 0), path, "cannot create dataset '\(name)'")
            return HDF5Dataset(id: id, name: name, path: path, shape: shape)
        }
    }

    /// Opens the dataset `name`.
    func dataset(_ name: String) throws -> HDF5Dataset {
        try HDF5.call {
            let id = try HDF5.check(H5Dopen2(self.id, name, 0), path, "no dataset '\(name)'")
            let dataset = HDF5Dataset(id: id, name: name, path: path, shape: [])
            dataset.shape = try dataset.storedShape()
            return dataset
        }
    }

    // MARK: Attributes

    /// Writes a scalar UTF-8 string attribute of the file.
    func setAttribute(_ name: String, _ value: String) throws {
        try HDF5.call {
            let type = try HDF5Identifier.utf8String(path)
            let attribute = try scalarAttribute(name, type: type)
            try value.withCString { text in
                var pointer: UnsafePointer<CChar>? = text
                try HDF5.check(H5Awrite(attribute.id, type.id, &pointer), path, "cannot write attribute '\(name)'")
            }
        }
    }

    /// Writes a scalar 64-bit integer attribute of the file.
    func setAttribute(_ name: String, _ value: Int) throws {
        try HDF5.call {
            let type = try HDF5Identifier.type(H5Tcopy(fk_h5t_std_i64le()), path, "create an integer type")
            let attribute = try scalarAttribute(name, type: type)
            var stored = Int64(value)
            try HDF5.check(H5Awrite(attribute.id, fk_h5t_native_int64(), &stored), path, "cannot write attribute '\(name)'")
        }
    }

    /// The scalar string attribute `name` (variable-length, as h5py writes a `str`).
    func stringAttribute(_ name: String) throws -> String {
        try HDF5.call {
            let attribute = try openAttribute(name)
            let stored = try HDF5Identifier.type(H5Aget_type(attribute.id), path, "read the type of attribute '\(name)'")
            guard H5Tget_class(stored.id) == H5T_STRING, H5Tis_variable_str(stored.id) > 0 else {
                throw DatasetsError.file(path: path, reason: "attribute '\(name)' is not a variable-length string")
            }
            let type = try HDF5Identifier.utf8String(path)
            var pointer: UnsafeMutablePointer<CChar>?
            try HDF5.check(H5Aread(attribute.id, type.id, &pointer), path, "cannot read attribute '\(name)'")
            guard let pointer else { return "" }
            defer { H5free_memory(pointer) }
            return String(cString: pointer)
        }
    }

    /// The scalar integer attribute `name`.
    func integerAttribute(_ name: String) throws -> Int {
        try HDF5.call {
            let attribute = try openAttribute(name)
            let stored = try HDF5Identifier.type(H5Aget_type(attribute.id), path, "read the type of attribute '\(name)'")
            guard H5Tget_class(stored.id) == H5T_INTEGER else {
                throw DatasetsError.file(path: path, reason: "attribute '\(name)' is not an integer")
            }
            var value: Int64 = 0
            try HDF5.check(H5Aread(attribute.id, fk_h5t_native_int64(), &value), path, "cannot read attribute '\(name)'")
            return Int(value)
        }
    }

    private func scalarAttribute(_ name: String, type: HDF5Identifier) throws -> HDF5Identifier {
        let space = try HDF5Identifier.space(H5Screate(H5S_SCALAR), path, "create a scalar dataspace")
        return HDF5Identifier(
            try HDF5.check(H5Acreate2(id, name, type.id, space.id, 0, 0), path, "cannot create attribute '\(name)'"),
            close: { H5Aclose($0) })
    }

    private func openAttribute(_ name: String) throws -> HDF5Identifier {
        HDF5Identifier(try HDF5.check(H5Aopen(id, name, 0), path, "no attribute '\(name)'"), close: { H5Aclose($0) })
    }
}
