// LIBSVM (Chang and Lin), Debian's libsvm-dev: the C library scikit-learn's SVC wraps.
// Debian installs no pkg-config file; the header is <libsvm/svm.h> and the library libsvm.
#include <libsvm/svm.h>
