// Non-variadic entry points for the librdkafka calls Swift cannot make
// (C variadic functions are not importable).
#ifndef HOMEWARD_CRDKAFKA_SHIMS_H
#define HOMEWARD_CRDKAFKA_SHIMS_H

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

/// Enqueues one record through rd_kafka_producev with RD_KAFKA_MSG_F_COPY.
/// `headers` may be NULL; on success librdkafka takes ownership of it, on
/// failure the caller still owns it. `timestamp_ms` 0 means "now".
rd_kafka_resp_err_t homeward_produce(rd_kafka_t *rk,
                                     rd_kafka_topic_t *rkt,
                                     int32_t partition,
                                     const void *key,
                                     size_t key_len,
                                     const void *value,
                                     size_t value_len,
                                     rd_kafka_headers_t *headers,
                                     int64_t timestamp_ms,
                                     void *opaque);

/// Makes the next `count` requests of `api_key` to any broker of the mock
/// cluster fail with `err` (wraps the variadic
/// rd_kafka_mock_push_request_errors).
void homeward_mock_push_request_errors(rd_kafka_mock_cluster_t *mcluster,
                                       int16_t api_key,
                                       size_t count,
                                       rd_kafka_resp_err_t err);

/// Makes the next request of `api_key` to broker `broker_id` fail with `err`
/// after `rtt_ms` (wraps the variadic
/// rd_kafka_mock_broker_push_request_error_rtts).
rd_kafka_resp_err_t homeward_mock_broker_push_request_error(rd_kafka_mock_cluster_t *mcluster,
                                                            int32_t broker_id,
                                                            int16_t api_key,
                                                            rd_kafka_resp_err_t err,
                                                            int rtt_ms);

#endif

#ifndef HOMEWARD_CRDKAFKA_BENCH_H
#define HOMEWARD_CRDKAFKA_BENCH_H
/// Figures of one raw-librdkafka benchmark loop.
typedef struct homeward_bench_result {
    double seconds;      ///< wall time of the loop, from first call to last record
    long long records;   ///< records delivered (produce) or consumed (consume)
    long long failed;    ///< records whose delivery failed (produce)
    long long bytes;     ///< value bytes consumed (consume)
    char error[256];     ///< empty, or why the loop could not run
    double steady_seconds;     ///< consume: from the first batch received to the last record
    long long steady_records;  ///< consume: records after the first batch
} homeward_bench_result;

/// The raw-C baseline for `homeward bench kafka`: produces `count` records of
/// `value_size` bytes with keys `keys + i * key_stride` (length `key_len`)
/// through rd_kafka_producev in a tight loop, then flushes. `properties` are
/// `count_props` name/value pairs (the same the Swift producer gets).
homeward_bench_result homeward_bench_raw_produce(const char *const *properties, int count_props,
                                                 const char *topic, long long count,
                                                 const char *keys, size_t key_len, size_t key_stride,
                                                 size_t value_size);

/// The raw-C baseline for consumption: assigns partitions 0..<partitions of
/// `topic` from the beginning and reads `count` records with
/// rd_kafka_consume_batch_queue (batches of `batch_size`), touching each value.
homeward_bench_result homeward_bench_raw_consume(const char *const *properties, int count_props,
                                                 const char *topic, int partitions,
                                                 long long count, int batch_size);
/// Returns memory the allocator holds free to the system (jemalloc's arena
/// purge when linked, else glibc malloc_trim), so a benchmark's
/// resident-memory reading counts live data only.
void homeward_return_freed_memory(void);
/// The CPUs this process may run on (its affinity mask, so `taskset`
/// counts), for benchmark reports: a worker spreads partitions over them,
/// the raw consume loop does not.
int homeward_usable_cpus(void);
#endif
