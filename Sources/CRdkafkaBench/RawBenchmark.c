// Tight loops over librdkafka's C API: the baseline `homeward bench kafka`
// measures the Swift layer against, in the same process and run.
// Records are handed over through the same shim the Swift producer uses.
#include "CRdkafkaBench.h"
#include "CRdkafkaShims.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static rd_kafka_conf_t *make_conf(const char *const *properties, int count_props, homeward_bench_result *result) {
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    char errstr[200];
    for (int i = 0; i + 1 < count_props * 2; i += 2) {
        if (rd_kafka_conf_set(conf, properties[i], properties[i + 1], errstr, sizeof(errstr)) != RD_KAFKA_CONF_OK) {
            snprintf(result->error, sizeof(result->error), "%s: %s", properties[i], errstr);
            rd_kafka_conf_destroy(conf);
            return NULL;
        }
    }
    return conf;
}

static void count_delivery(rd_kafka_t *rk, const rd_kafka_message_t *message, void *opaque) {
    (void)rk;
    homeward_bench_result *result = opaque;
    if (message->err)
        result->failed++;
    else
        result->records++;
}

homeward_bench_result homeward_bench_raw_produce(const char *const *properties, int count_props,
                                                 const char *topic, long long count,
                                                 const char *keys, size_t key_len, size_t key_stride,
                                                 size_t value_size) {
    homeward_bench_result result;
    memset(&result, 0, sizeof(result));
    rd_kafka_conf_t *conf = make_conf(properties, count_props, &result);
    if (!conf)
        return result;
    rd_kafka_conf_set_dr_msg_cb(conf, count_delivery);
    rd_kafka_conf_set_opaque(conf, &result);
    char errstr[200];
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof(errstr));
    if (!rk) {
        snprintf(result.error, sizeof(result.error), "rd_kafka_new: %s", errstr);
        return result;
    }
    rd_kafka_topic_t *rkt = rd_kafka_topic_new(rk, topic, NULL);
    char *value = malloc(value_size ? value_size : 1);
    memset(value, 'x', value_size);

    double start = now_seconds();
    for (long long i = 0; i < count; i++) {
        const char *key = keys + (size_t)i * key_stride;
        for (;;) {
            rd_kafka_resp_err_t err = rdk_shim_produce(rk, rkt, RD_KAFKA_PARTITION_UA, key, key_len,
                                                       value, value_size, NULL, 0, NULL);
            if (err == RD_KAFKA_RESP_ERR_NO_ERROR)
                break;
            if (err == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
                rd_kafka_poll(rk, 1);
                continue;
            }
            result.failed++;
            break;
        }
        if ((i & 1023) == 0)
            rd_kafka_poll(rk, 0);
    }
    while (rd_kafka_outq_len(rk) > 0)
        rd_kafka_flush(rk, 1000);
    result.seconds = now_seconds() - start;

    free(value);
    rd_kafka_topic_destroy(rkt);
    rd_kafka_destroy(rk);
    return result;
}

homeward_bench_result homeward_bench_raw_consume(const char *const *properties, int count_props,
                                                 const char *topic, int partitions,
                                                 long long count, int batch_size) {
    homeward_bench_result result;
    memset(&result, 0, sizeof(result));
    rd_kafka_conf_t *conf = make_conf(properties, count_props, &result);
    if (!conf)
        return result;
    char errstr[200];
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, errstr, sizeof(errstr));
    if (!rk) {
        snprintf(result.error, sizeof(result.error), "rd_kafka_new: %s", errstr);
        return result;
    }
    rd_kafka_poll_set_consumer(rk);
    rd_kafka_queue_t *queue = rd_kafka_queue_get_consumer(rk);
    rd_kafka_topic_partition_list_t *list = rd_kafka_topic_partition_list_new(partitions);
    for (int p = 0; p < partitions; p++)
        rd_kafka_topic_partition_list_add(list, topic, p)->offset = RD_KAFKA_OFFSET_BEGINNING;
    rd_kafka_message_t **messages = malloc(sizeof(*messages) * (size_t)batch_size);

    double start = now_seconds();
    double last_progress = start;
    double first_batch = 0;
    long long first_count = 0;
    rd_kafka_assign(rk, list);
    while (result.records < count) {
        /* What is there, without waiting; when nothing is, wait for one
           record and take what came with it. (A timed batch call would
           wait out its whole timeout for a full batch once the queue runs
           dry, which the Swift consumer and reader do not do either.) */
        ssize_t n = rd_kafka_consume_batch_queue(queue, 0, messages, (size_t)batch_size);
        if (n == 0) {
            rd_kafka_message_t *first = rd_kafka_consume_queue(queue, 100);
            if (first) {
                messages[0] = first;
                ssize_t more = batch_size > 1 ? rd_kafka_consume_batch_queue(queue, 0, messages + 1, (size_t)batch_size - 1) : 0;
                n = 1 + (more > 0 ? more : 0);
            }
        }
        double now = now_seconds();
        if (n <= 0) {
            if (now - last_progress > 30.0) {
                snprintf(result.error, sizeof(result.error), "no progress for 30 s after %lld records", result.records);
                break;
            }
            continue;
        }
        last_progress = now;
        for (ssize_t i = 0; i < n; i++) {
            if (!messages[i]->err) {
                result.records++;
                result.bytes += (long long)messages[i]->len;
            }
            rd_kafka_message_destroy(messages[i]);
        }
        if (first_batch == 0) {
            first_batch = now;
            first_count = result.records;
        }
    }
    double end = now_seconds();
    result.seconds = end - start;
    result.steady_seconds = end - first_batch;
    result.steady_records = result.records - first_count;

    free(messages);
    rd_kafka_topic_partition_list_destroy(list);
    rd_kafka_consumer_close(rk);
    rd_kafka_queue_destroy(queue);
    rd_kafka_destroy(rk);
    return result;
}
