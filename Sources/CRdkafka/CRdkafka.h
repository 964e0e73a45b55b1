// librdkafka's public C API, including the mock cluster (embedded broker).
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
