// Non-variadic entry points for the librdkafka calls Swift cannot make
// (C variadic functions are not importable).
#ifndef CRDKAFKA_SHIMS_H
#define CRDKAFKA_SHIMS_H

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

/// Enqueues one record through rd_kafka_producev with RD_KAFKA_MSG_F_COPY.
/// `headers` may be NULL; on success librdkafka takes ownership of it, on
/// failure the caller still owns it. `timestamp_ms` 0 means "now".
rd_kafka_resp_err_t rdk_shim_produce(rd_kafka_t *rk,
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
void rdk_shim_mock_push_request_errors(rd_kafka_mock_cluster_t *mcluster,
                                       int16_t api_key,
                                       size_t count,
                                       rd_kafka_resp_err_t err);

/// Makes the next request of `api_key` to broker `broker_id` fail with `err`
/// after `rtt_ms` (wraps the variadic
/// rd_kafka_mock_broker_push_request_error_rtts).
rd_kafka_resp_err_t rdk_shim_mock_broker_push_request_error(rd_kafka_mock_cluster_t *mcluster,
                                                            int32_t broker_id,
                                                            int16_t api_key,
                                                            rd_kafka_resp_err_t err,
                                                            int rtt_ms);

#endif
