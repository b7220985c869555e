#include <hdf5.h>

// HDF5's type, property-list class and file-access constants are macros that call H5open()
// (Swift imports none of them); these functions return their values.
static inline hid_t fk_h5t_native_float(void) { return H5T_NATIVE_FLOAT; }
static inline hid_t fk_h5t_native_int64(void) { return H5T_NATIVE_INT64; }
static inline hid_t fk_h5t_ieee_f32le(void) { return H5T_IEEE_F32LE; }
static inline hid_t fk_h5t_std_i64le(void) { return H5T_STD_I64LE; }
static inline hid_t fk_h5t_c_s1(void) { return H5T_C_S1; }
static inline hid_t fk_h5p_dataset_create(void) { return H5P_DATASET_CREATE; }
static inline unsigned fk_h5f_acc_rdonly(void) { return H5F_ACC_RDONLY; }
static inline unsigned fk_h5f_acc_excl(void) { return H5F_ACC_EXCL; }
static inline size_t fk_h5t_variable(void) { return H5T_VARIABLE; }

// File-access properties: closing the file closes every object still open in it (so a closed
// file is complete on disk), and HDF5's own file locking is kept but ignored where the file
// system has none (Lustre or NFS mounted without flock would otherwise refuse every open).
static inline hid_t fk_h5p_file_access_tolerant(void) {
    hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    if (fapl >= 0) H5Pset_fclose_degree(fapl, H5F_CLOSE_STRONG);
#if H5_VERSION_GE(1, 10, 7)
    if (fapl >= 0) H5Pset_file_locking(fapl, 1, 1);
#endif
    return fapl;
}
