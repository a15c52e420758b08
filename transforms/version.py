"""Version of the analyzers, stored with every analysis (analysis_results.analyzer_version)."""

ANALYZER_VERSION = "1.0.0"
