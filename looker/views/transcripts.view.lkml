# transcripts: the conversation of each call (schemas/tables.py TRANSCRIPTS). Restricted:
# joined only for users with the can_see_transcripts grant (spec 8.2). Partitioned by
# DATE(start_time), the call's start.

view: transcripts {
  sql_table_name: `@{project}.@{dataset}.transcripts` ;;

  dimension: session_id {
    primary_key: yes
    type: string
    label: "Session ID"
    description: "The call."
    sql: ${TABLE}.session_id ;;
  }

  dimension: transcript_json {
    type: string
    label: "Transcript (JSON)"
    description: "The transcript array as the agent recorded it, as JSON text."
    sql: TO_JSON_STRING(${TABLE}.transcript_json) ;;
  }

  dimension: transcript_text {
    type: string
    label: "Transcript"
    description: "Readable text, one 'role: text' line per turn."
    sql: ${TABLE}.transcript_text ;;
  }

  dimension: word_count {
    type: number
    label: "Word count"
    description: "Words spoken, both sides."
    sql: ${TABLE}.word_count ;;
  }

  dimension_group: created_at {
    type: time
    label: "Row written"
    description: "When the pipeline wrote the row."
    timeframes: [raw, time, date]
    sql: ${TABLE}.created_at ;;
  }

  dimension_group: start_time {
    type: time
    label: "Call start"
    description: "When the call started (partition column)."
    timeframes: [raw, time, date]
    sql: ${TABLE}.start_time ;;
  }

  dimension: pii_redacted {
    type: yesno
    label: "PII redacted"
    description: "Personal data has been redacted by the retention job."
    sql: ${TABLE}.pii_redacted ;;
  }

  dimension: session_record {
    type: string
    label: "Session record (JSON)"
    description: "The whole session record as received, as JSON text."
    sql: TO_JSON_STRING(${TABLE}.session_record) ;;
  }

  dimension: room_name {
    type: string
    label: "Room name"
    description: "LiveKit room of the call, from the session record."
    sql: JSON_VALUE(${TABLE}.session_record, '$.session.room_name') ;;
  }

  dimension: llm_provider {
    type: string
    label: "LLM provider"
    description: "LLM provider of the call, from the session record."
    sql: JSON_VALUE(${TABLE}.session_record, '$.providers.llm') ;;
  }

  dimension: packet_loss_pct {
    type: number
    label: "Packet loss (%)"
    description: "Caller's packet loss, from the session record's connection quality."
    sql: SAFE_CAST(JSON_VALUE(${TABLE}.session_record, '$.connection_quality.packet_loss_pct') AS FLOAT64) ;;
  }

  dimension: jitter_ms {
    type: number
    label: "Jitter (ms)"
    description: "Caller's jitter, from the session record's connection quality."
    sql: SAFE_CAST(JSON_VALUE(${TABLE}.session_record, '$.connection_quality.jitter_ms') AS FLOAT64) ;;
  }

  dimension: device_platform {
    type: string
    label: "Device platform"
    description: "Caller's platform (web, ios, ...), from the session record."
    sql: JSON_VALUE(${TABLE}.session_record, '$.connection_quality.device_info.platform') ;;
  }

  measure: count {
    type: count
    label: "Transcripts"
    description: "Calls with a transcript."
  }

  measure: average_word_count {
    type: average
    label: "Average word count"
    description: "Mean words spoken per call, both sides."
    sql: ${word_count} ;;
    value_format_name: decimal_0
  }

  measure: average_packet_loss_pct {
    type: average
    label: "Average packet loss (%)"
    description: "Mean packet loss of the callers' links."
    sql: ${packet_loss_pct} ;;
    value_format_name: decimal_2
  }
}
