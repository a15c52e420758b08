# latency_hourly: caller-perceived latency per hour and agent version, over the metrics table
# (turns excluded from latency statistics left out). The rollup for latency trends over up to a
# year (spec 8.3 historical analysis) without reading every turn. Percentiles are exact for
# each hour and agent version; across several rows only the turn-weighted mean is offered.

view: latency_hourly {
  derived_table: {
    sql:
      SELECT
        CONCAT(FORMAT_TIMESTAMP('%FT%H', TIMESTAMP_TRUNC(m.timestamp, HOUR)), '|',
               IFNULL(m.agent_version, '')) AS row_key,
        TIMESTAMP_TRUNC(m.timestamp, HOUR) AS hour_start,
        m.agent_version AS agent_version,
        COUNT(*) AS turns,
        COUNTIF(m.excluded_reason IS NULL AND m.total_latency_ms IS NOT NULL) AS counted_turns,
        SUM(IF(m.excluded_reason IS NULL, m.total_latency_ms, NULL)) AS latency_sum_ms,
        APPROX_QUANTILES(IF(m.excluded_reason IS NULL, m.total_latency_ms, NULL), 100)[SAFE_OFFSET(50)] AS p50_latency_ms,
        APPROX_QUANTILES(IF(m.excluded_reason IS NULL, m.total_latency_ms, NULL), 100)[SAFE_OFFSET(95)] AS p95_latency_ms,
        APPROX_QUANTILES(IF(m.excluded_reason IS NULL, m.total_latency_ms, NULL), 100)[SAFE_OFFSET(99)] AS p99_latency_ms,
        MAX(IF(m.excluded_reason IS NULL, m.total_latency_ms, NULL)) AS max_latency_ms,
        SUM(m.total_tokens) AS total_tokens
      FROM `@{project}.@{dataset}.metrics` AS m
      WHERE {% incrementcondition %} m.timestamp {% endincrementcondition %}
        AND m.timestamp >= TIMESTAMP_SUB(CURRENT_TIMESTAMP(), INTERVAL 400 DAY)
      GROUP BY row_key, hour_start, agent_version
      ;;
    datagroup_trigger: realtime_5min
    increment_key: "hour_start_date"
    increment_offset: 1
    partition_keys: ["hour_start"]
    cluster_keys: ["agent_version"]
  }

  dimension: row_key {
    primary_key: yes
    hidden: yes
    type: string
    label: "Row key"
    description: "Hour and agent version."
    sql: ${TABLE}.row_key ;;
  }

  dimension_group: hour_start {
    type: time
    label: "Hour"
    description: "Start of the hour the turns started in (partition column: filter on it)."
    timeframes: [raw, time, hour, date, week, month, hour_of_day, day_of_week]
    sql: ${TABLE}.hour_start ;;
  }

  dimension: agent_version {
    type: string
    label: "Agent version"
    description: "Agent build that took the turns."
    sql: ${TABLE}.agent_version ;;
  }

  dimension: p50_latency_ms {
    type: number
    label: "Hourly P50 latency (ms)"
    description: "Median latency of the hour and agent version (approximate quantiles)."
    sql: ${TABLE}.p50_latency_ms ;;
  }

  dimension: p95_latency_ms {
    type: number
    label: "Hourly P95 latency (ms)"
    description: "95th percentile latency of the hour and agent version (approximate quantiles)."
    sql: ${TABLE}.p95_latency_ms ;;
  }

  dimension: p99_latency_ms {
    type: number
    label: "Hourly P99 latency (ms)"
    description: "99th percentile latency of the hour and agent version (approximate quantiles)."
    sql: ${TABLE}.p99_latency_ms ;;
  }

  dimension: max_latency_ms {
    type: number
    label: "Hourly max latency (ms)"
    description: "Longest wait of the hour and agent version."
    sql: ${TABLE}.max_latency_ms ;;
  }

  measure: turns {
    type: sum
    label: "Agent turns"
    description: "Agent turns with metrics."
    sql: ${TABLE}.turns ;;
  }

  measure: counted_turns {
    type: sum
    label: "Turns in latency statistics"
    description: "Agent turns that count in latency statistics."
    sql: ${TABLE}.counted_turns ;;
  }

  measure: latency_sum_ms {
    type: sum
    hidden: yes
    label: "Latency sum (ms)"
    description: "Sum of counted latencies."
    sql: ${TABLE}.latency_sum_ms ;;
  }

  measure: average_latency_ms {
    type: number
    label: "Average latency (ms)"
    description: "Exact mean latency of the counted turns."
    sql: ${latency_sum_ms} / NULLIF(${counted_turns}, 0) ;;
    value_format_name: decimal_0
  }

  measure: weighted_p95_latency_ms {
    type: number
    label: "Turn-weighted hourly P95 (ms)"
    description: "Mean of the hourly P95 latencies weighted by counted turns: exact for one hour and agent version, an approximation across several."
    sql: SUM(${TABLE}.p95_latency_ms * ${TABLE}.counted_turns) / NULLIF(SUM(IF(${TABLE}.p95_latency_ms IS NULL, 0, ${TABLE}.counted_turns)), 0) ;;
    value_format_name: decimal_0
  }

  measure: worst_hourly_p95_latency_ms {
    type: max
    label: "Worst hourly P95 (ms)"
    description: "Highest hourly P95 latency among the rows."
    sql: ${TABLE}.p95_latency_ms ;;
    value_format_name: decimal_0
  }

  measure: tokens_used {
    type: sum
    label: "LLM tokens used"
    description: "LLM tokens of the turns."
    sql: ${TABLE}.total_tokens ;;
    value_format_name: decimal_0
  }
}
