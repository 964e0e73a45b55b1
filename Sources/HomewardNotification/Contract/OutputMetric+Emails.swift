public import HomewardProcessing

extension OutputMetric {
    /// A delivery report with `outcome`: one e-mail reaching that outcome.
    public static func email(_ outcome: DeliveryStatus) -> OutputMetric {
        OutputMetric(label: emailsLabel, dimensions: [Dimension("outcome", outcome.rawValue)])
    }
}
