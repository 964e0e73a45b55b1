// swift-tools-version: 6.2
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "Homeward",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "homeward", targets: ["homeward"]),
        .library(name: "Kafka", targets: ["Kafka"]),
        .library(name: "HomewardContract", targets: ["HomewardContract"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-configuration", from: "1.4.0", traits: [.defaults, "YAML"]),
    ],
    targets: [
        .systemLibrary(
            name: "CRdkafka",
            pkgConfig: "rdkafka",
            providers: [.apt(["librdkafka-dev"])]
        ),
        .target(
            name: "CRdkafkaShims",
            dependencies: ["CRdkafka"]
        ),
        // The raw-librdkafka baseline of `homeward bench`: linked by the
        // executable only, never by users of the Kafka library.
        .target(
            name: "CRdkafkaBench",
            dependencies: ["CRdkafka", "CRdkafkaShims"]
        ),
        .target(
            name: "Kafka",
            dependencies: [
                "CRdkafka",
                "CRdkafkaShims",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "SMTP",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "HomewardContract",
            swiftSettings: strict
        ),
        .target(
            name: "HomewardProcessing",
            dependencies: ["HomewardContract"],
            swiftSettings: strict
        ),
        .target(
            name: "HomewardScheduling",
            dependencies: [
                "HomewardContract",
                "HomewardProcessing",
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "HomewardEscalation",
            dependencies: [
                "HomewardContract",
                "HomewardProcessing",
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "HomewardPipeline",
            dependencies: ["HomewardContract", "HomewardProcessing", "HomewardScheduling", "HomewardEscalation", "HomewardNotification"],
            swiftSettings: strict
        ),
        .target(
            name: "HomewardNotification",
            dependencies: [
                "HomewardContract",
                "HomewardProcessing",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "HomewardMail",
            dependencies: ["HomewardContract", "HomewardProcessing", "HomewardNotification", "SMTP"],
            swiftSettings: strict
        ),
        .target(
            name: "HomewardTestKit",
            dependencies: [
                "Kafka",
                "HomewardContract",
                "HomewardProcessing",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "HomewardRuntime",
            dependencies: [
                "Kafka",
                "HomewardContract",
                "HomewardProcessing",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "HomewardOperations",
            dependencies: [
                "HomewardContract",
                "HomewardRuntime",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "HomewardBoard",
            dependencies: [
                "Kafka",
                "HomewardContract",
                "HomewardProcessing",
                "HomewardNotification",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "HomewardSimulation",
            dependencies: ["HomewardContract"],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "homeward",
            dependencies: [
                "Kafka",
                "HomewardContract",
                "HomewardProcessing",
                "HomewardRuntime",
                "HomewardScheduling",
                "HomewardEscalation",
                "HomewardPipeline",
                "HomewardSimulation",
                "HomewardNotification",
                "HomewardMail",
                "HomewardOperations",
                "HomewardBoard",
                "SMTP",
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Configuration", package: "swift-configuration"),
                "CRdkafkaBench",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")],
            // jemalloc (libjemalloc-dev) replaces glibc malloc in the homeward
            // process: workers allocate many small, short-lived values across
            // threads, where glibc's arenas spend more time and fragment more.
            linkerSettings: [.linkedLibrary("jemalloc", .when(platforms: [.linux]))]
        ),
        .testTarget(
            name: "KafkaTests",
            dependencies: ["Kafka", "HomewardProcessing", "HomewardTestKit", "CRdkafkaBench"],
            exclude: ["Interop"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "MailTests",
            dependencies: ["HomewardMail", "HomewardNotification", "HomewardProcessing", "HomewardContract", "HomewardTestKit", "SMTP"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "SMTPTests",
            dependencies: ["SMTP", "HomewardTestKit", .product(name: "MetricsTestKit", package: "swift-metrics")],
            exclude: ["Servers"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ContractTests",
            dependencies: ["HomewardContract", "HomewardTestKit", .product(name: "Yams", package: "Yams")],
            exclude: ["Corpus", "schema_check.py"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ProcessingTests",
            dependencies: ["HomewardProcessing", "HomewardContract"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "SchedulingTests",
            dependencies: ["HomewardScheduling", "HomewardProcessing", "HomewardContract", "HomewardTestKit"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "EscalationTests",
            dependencies: ["HomewardEscalation", "HomewardProcessing", "HomewardContract", "HomewardTestKit"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "PipelineTests",
            dependencies: ["HomewardPipeline", "HomewardScheduling", "HomewardEscalation", "HomewardNotification", "HomewardProcessing",
                           "HomewardContract", "HomewardSimulation"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "NotificationTests",
            dependencies: ["HomewardNotification", "HomewardProcessing", "HomewardContract", "HomewardTestKit"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "RuntimeTests",
            dependencies: ["HomewardRuntime", "HomewardProcessing", "HomewardContract", "HomewardTestKit", "Kafka",
                           .product(name: "Metrics", package: "swift-metrics"),
                           .product(name: "MetricsTestKit", package: "swift-metrics")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "OperationsTests",
            dependencies: ["HomewardOperations", "HomewardRuntime", "HomewardContract", "HomewardTestKit",
                           .product(name: "Logging", package: "swift-log"),
                           .product(name: "Metrics", package: "swift-metrics"),
                           .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "BoardTests",
            dependencies: ["HomewardBoard", "HomewardContract", "HomewardNotification", "HomewardEscalation", "HomewardTestKit", "Kafka",
                           .product(name: "Hummingbird", package: "hummingbird"),
                           .product(name: "HummingbirdTesting", package: "hummingbird"),
                           .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                           .product(name: "HTTPTypes", package: "swift-http-types"),
                           .product(name: "Logging", package: "swift-log")],
            exclude: ["Browser"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "SimulationTests",
            dependencies: ["HomewardSimulation", "HomewardContract"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "HomewardTestKitTests",
            dependencies: ["HomewardTestKit", "Kafka", "HomewardContract"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "HomewardCLITests",
            dependencies: ["HomewardTestKit", "Kafka", "HomewardContract", "HomewardProcessing"],
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)
