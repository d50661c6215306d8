/* tests/testutil.h - assertions on doubles for cmocka tests (cmocka 1.1 compares floats only). */
#ifndef INFNET_TESTS_TESTUTIL_H
#define INFNET_TESTS_TESTUTIL_H

#include <math.h>

/* Fails unless |a - b| <= tol (or a == b, which covers infinities). */
#define assert_close(a, b, tol)                                                                              \
    do {                                                                                                     \
        double a_ = (a), b_ = (b);                                                                           \
        if (!(a_ == b_) && !(fabs(a_ - b_) <= (tol)))                                                        \
            fail_msg("%s = %.17g, expected %.17g (tolerance %g)", #a, a_, b_, (double)(tol));                \
    } while (0)

#endif
