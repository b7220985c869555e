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
