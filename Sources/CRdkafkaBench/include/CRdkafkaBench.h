// The raw-librdkafka baseline of `homeward bench`, and what the benches
// ask of the host. Only the homeward executable links this target: it is
// not part of the Kafka library.
#ifndef HOMEWARD_CRDKAFKA_BENCH_H
#define HOMEWARD_CRDKAFKA_BENCH_H

#include <stddef.h>
#include <librdkafka/rdkafka.h>

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
