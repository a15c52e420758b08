# Project manifest: the project's name and the constants every file reads.
# Change the BigQuery project and dataset here when the warehouse moves; nothing else names them.

project_name: "voice_analytics"

constant: connection {
  value: "voice_analytics_bigquery"
}

# Google Cloud project that holds the warehouse dataset (the Beam job's --bigquery_dataset
# PROJECT:DATASET, first half).
constant: project {
  value: "voice-analytics"
}

# BigQuery dataset with the six tables of schemas/tables.py (--bigquery_dataset, second half).
constant: dataset {
  value: "voice_analytics"
}

# Seat price behind "Revenue pipeline influenced": the executive digest's default
# (pipeline/alerts/digests.py DEFAULT_SEAT_PRICE_USD_PER_MONTH); change both together.
constant: seat_price_usd_per_month {
  value: "49"
}

# A hot lead scores above this (spec 7.3 "Hot Lead Detected (Score >80)", alerts.json
# business.hot_lead.score_above); change both together.
constant: hot_lead_score_above {
  value: "80"
}
