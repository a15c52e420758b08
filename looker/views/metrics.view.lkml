# metrics: one row per agent turn with LiveKit's built-in metrics (schemas/tables.py METRICS).
# Partitioned by DATE(timestamp); clustered by session_id, metric_type. Latency measures leave
# out turns the performance analyzer excludes (excluded_reason not null: interrupted turns,
# impossible values), as the per-call figures in sessions do.

view: metrics {
  sql_table_name: `@{project}.@{dataset}.metrics` ;;

  # --- Columns ---------------------------------------------------------------------------

  dimension: id {
    primary_key: yes
    type: string
    label: "Turn metric ID"
    description: "session_id:turn_index, stable across redeliveries."
    sql: ${TABLE}.id ;;
  }

  dimension: session_id {
    type: string
    label: "Session ID"
    description: "The call."
    sql: ${TABLE}.session_id ;;
  }

  dimension_group: timestamp {
    type: time
    label: "Turn"
    description: "When the agent turn started (partition column: filter on it)."
    timeframes: [raw, time, minute, minute5, minute15, hour, date, week, month]
    sql: ${TABLE}.timestamp ;;
  }

  dimension: metric_type {
    type: string
    label: "Metric type"
    description: "Kind of row; 'agent_turn' for per-turn metrics."
    sql: ${TABLE}.metric_type ;;
  }

  dimension: eou_delay_ms {
    type: number
    label: "End-of-utterance delay (ms)"
    description: "End-of-utterance delay, ms."
    sql: ${TABLE}.eou_delay_ms ;;
  }

  dimension: llm_ttft_ms {
    type: number
    label: "LLM time to first token (ms)"
    description: "LLM time to first token, ms."
    sql: ${TABLE}.llm_ttft_ms ;;
  }

  dimension: tts_ttfb_ms {
    type: number
    label: "TTS time to first byte (ms)"
    description: "TTS time to first byte, ms."
    sql: ${TABLE}.tts_ttfb_ms ;;
  }

  dimension: total_latency_ms {
    type: number
    label: "Total latency (ms)"
    description: "What the caller waited: end of speech to first agent audio, ms."
    sql: ${TABLE}.total_latency_ms ;;
  }

  dimension: prompt_tokens {
    type: number
    label: "Prompt tokens"
    description: "LLM prompt tokens."
    sql: ${TABLE}.prompt_tokens ;;
  }

  dimension: completion_tokens {
    type: number
    label: "Completion tokens"
    description: "LLM completion tokens."
    sql: ${TABLE}.completion_tokens ;;
  }

  dimension: total_tokens {
    type: number
    label: "Total tokens"
    description: "LLM tokens, prompt plus completion."
    sql: ${TABLE}.total_tokens ;;
  }

  dimension: stt_duration_ms {
    type: number
    label: "STT duration (ms)"
    description: "Speech-to-text processing time, ms."
    sql: ${TABLE}.stt_duration_ms ;;
  }

  dimension_group: created_at {
    type: time
    label: "Row written"
    description: "When the pipeline wrote the row."
    timeframes: [raw, time, date]
    sql: ${TABLE}.created_at ;;
  }

  dimension: turn_index {
    type: number
    label: "Turn index"
    description: "Index of the agent turn in the transcript."
    sql: ${TABLE}.turn_index ;;
  }

  dimension: stt_audio_duration_ms {
    type: number
    label: "STT audio (ms)"
    description: "Caller audio transcribed, ms."
    sql: ${TABLE}.stt_audio_duration_ms ;;
  }

  dimension: tts_characters_count {
    type: number
    label: "TTS characters"
    description: "Characters synthesised."
    sql: ${TABLE}.tts_characters_count ;;
  }

  dimension: tts_audio_duration_ms {
    type: number
    label: "TTS audio (ms)"
    description: "Agent audio synthesised, ms."
    sql: ${TABLE}.tts_audio_duration_ms ;;
  }

  dimension: agent_version {
    type: string
    label: "Agent version (turn)"
    description: "Agent build that took the turn."
    sql: ${TABLE}.agent_version ;;
  }

  dimension: excluded_reason {
    type: string
    label: "Excluded reason"
    description: "Why this turn is kept out of latency percentiles (interrupted, impossible value), or null."
    sql: ${TABLE}.excluded_reason ;;
  }

  # --- Derived dimensions -----------------------------------------------------------------

  dimension: in_latency_stats {
    type: yesno
    label: "Counts in latency statistics"
    description: "The turn is not excluded from latency statistics."
    sql: ${TABLE}.excluded_reason IS NULL ;;
  }

  dimension: counted_latency_ms {
    hidden: yes
    type: number
    label: "Counted latency (ms)"
    description: "Total latency of turns that count in latency statistics, else null."
    sql: IF(${TABLE}.excluded_reason IS NULL, ${TABLE}.total_latency_ms, NULL) ;;
  }

  dimension: latency_band {
    type: tier
    label: "Latency band (ms)"
    description: "Total latency in bands; 1500 and 2000 ms are the alert thresholds."
    tiers: [500, 1000, 1500, 2000, 3000]
    style: integer
    sql: ${counted_latency_ms} ;;
  }

  # --- Measures ---------------------------------------------------------------------------

  measure: turns {
    type: count
    label: "Agent turns"
    description: "Agent turns with metrics."
  }

  measure: average_total_latency_ms {
    type: average
    label: "Average latency (ms)"
    description: "Mean caller-perceived latency (end of speech to first agent audio) of the turns that count in latency statistics."
    sql: ${counted_latency_ms} ;;
    value_format_name: decimal_0
  }

  measure: p50_total_latency_ms {
    type: percentile
    percentile: 50
    label: "P50 latency (ms)"
    description: "Median caller-perceived latency of the turns that count in latency statistics."
    sql: ${counted_latency_ms} ;;
    value_format_name: decimal_0
  }

  measure: p95_total_latency_ms {
    type: percentile
    percentile: 95
    label: "P95 latency (ms)"
    description: "95th percentile caller-perceived latency of the turns that count in latency statistics."
    sql: ${counted_latency_ms} ;;
    value_format_name: decimal_0
  }

  measure: p99_total_latency_ms {
    type: percentile
    percentile: 99
    label: "P99 latency (ms)"
    description: "99th percentile caller-perceived latency of the turns that count in latency statistics."
    sql: ${counted_latency_ms} ;;
    value_format_name: decimal_0
  }

  measure: max_total_latency_ms {
    type: max
    label: "Max latency (ms)"
    description: "Longest caller-perceived wait among the turns that count in latency statistics."
    sql: ${counted_latency_ms} ;;
    value_format_name: decimal_0
  }

  measure: average_eou_delay_ms {
    type: average
    label: "Average end-of-utterance delay (ms)"
    description: "Mean end-of-utterance delay."
    sql: ${eou_delay_ms} ;;
    value_format_name: decimal_0
  }

  measure: average_llm_ttft_ms {
    type: average
    label: "Average LLM time to first token (ms)"
    description: "Mean LLM time to first token."
    sql: ${llm_ttft_ms} ;;
    value_format_name: decimal_0
  }

  measure: average_tts_ttfb_ms {
    type: average
    label: "Average TTS time to first byte (ms)"
    description: "Mean TTS time to first byte."
    sql: ${tts_ttfb_ms} ;;
    value_format_name: decimal_0
  }

  measure: average_stt_duration_ms {
    type: average
    label: "Average STT duration (ms)"
    description: "Mean speech-to-text processing time."
    sql: ${stt_duration_ms} ;;
    value_format_name: decimal_0
  }

  measure: tokens_used {
    type: sum
    label: "LLM tokens used"
    description: "LLM tokens (prompt plus completion) of the turns; by hour of turn time it is the token usage rate in tokens per hour."
    sql: ${total_tokens} ;;
    value_format_name: decimal_0
  }

  measure: prompt_tokens_used {
    type: sum
    label: "Prompt tokens used"
    description: "LLM prompt tokens of the turns."
    sql: ${prompt_tokens} ;;
    value_format_name: decimal_0
  }

  measure: completion_tokens_used {
    type: sum
    label: "Completion tokens used"
    description: "LLM completion tokens of the turns."
    sql: ${completion_tokens} ;;
    value_format_name: decimal_0
  }

  measure: tts_characters {
    type: sum
    label: "TTS characters"
    description: "Characters synthesised."
    sql: ${tts_characters_count} ;;
  }
}
