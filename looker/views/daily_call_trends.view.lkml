# daily_call_trends: calls per UTC day and dashboard filter values (qualification tier,
# sentiment, industry, agent version) over the last 400 days. Sums add up exactly across
# rows, so any filter combination gives exact daily figures and rates. Rebuilt in full when
# new calls arrive (a few narrow sessions columns, so re-analysed calls are never stale).

view: daily_call_trends {
  derived_table: {
    sql:
      SELECT
        CONCAT(CAST(DATE(s.start_time) AS STRING), '|', IFNULL(s.qualification_tier, ''), '|',
               IFNULL(s.sentiment, ''), '|', IFNULL(s.industry, ''), '|', s.agent_version) AS row_key,
        DATE(s.start_time) AS call_date,
        s.qualification_tier AS qualification_tier,
        s.sentiment AS sentiment,
        s.industry AS industry,
        s.agent_version AS agent_version,
        COUNT(*) AS calls,
        COUNTIF(s.qualification_tier IN ('tier_1', 'tier_2')) AS qualified_calls,
        COUNTIF(s.qualification_tier = 'tier_1') AS tier_1_calls,
        COUNTIF(s.meeting_booked) AS meetings_booked,
        COUNTIF(s.end_reason = 'error') AS error_calls,
        SUM(s.duration_seconds) AS duration_seconds,
        SUM(s.total_tokens) AS total_tokens,
        SUM(s.cost_usd) AS cost_usd,
        SUM(s.lead_score) AS lead_score_sum,
        COUNT(s.lead_score) AS scored_calls
      FROM `@{project}.@{dataset}.sessions` AS s
      WHERE s.start_time >= TIMESTAMP_SUB(CURRENT_TIMESTAMP(), INTERVAL 400 DAY)
      GROUP BY row_key, call_date, qualification_tier, sentiment, industry, agent_version
      ;;
    datagroup_trigger: realtime_5min
    partition_keys: ["call_date"]
    cluster_keys: ["qualification_tier", "industry"]
  }

  dimension: row_key {
    primary_key: yes
    hidden: yes
    type: string
    label: "Row key"
    description: "Day and filter values."
    sql: ${TABLE}.row_key ;;
  }

  dimension_group: call {
    type: time
    label: "Call"
    description: "UTC day the calls started (partition column: filter on it)."
    timeframes: [raw, date, week, month, quarter, day_of_week]
    datatype: date
    convert_tz: no
    sql: ${TABLE}.call_date ;;
  }

  dimension: qualification_tier {
    type: string
    label: "Qualification tier"
    description: "Lead tier of the calls."
    sql: ${TABLE}.qualification_tier ;;
  }

  dimension: sentiment {
    type: string
    label: "Sentiment"
    description: "Caller's overall sentiment."
    sql: ${TABLE}.sentiment ;;
  }

  dimension: industry {
    type: string
    label: "Industry"
    description: "Caller's industry id."
    sql: ${TABLE}.industry ;;
  }

  dimension: agent_version {
    type: string
    label: "Agent version"
    description: "Agent build that took the calls."
    sql: ${TABLE}.agent_version ;;
  }

  measure: calls {
    type: sum
    label: "Calls"
    description: "Calls that started on the day."
    sql: ${TABLE}.calls ;;
  }

  measure: qualified_calls {
    type: sum
    label: "Qualified calls"
    description: "Calls that reached tier_1 or tier_2."
    sql: ${TABLE}.qualified_calls ;;
  }

  measure: tier_1_calls {
    type: sum
    label: "Tier 1 calls"
    description: "Calls that reached tier_1."
    sql: ${TABLE}.tier_1_calls ;;
  }

  measure: meetings_booked {
    type: sum
    label: "Meetings booked"
    description: "Calls that booked a sales meeting."
    sql: ${TABLE}.meetings_booked ;;
  }

  measure: error_calls {
    type: sum
    label: "Calls ended in error"
    description: "Calls whose end_reason is 'error'."
    sql: ${TABLE}.error_calls ;;
  }

  measure: qualification_rate {
    type: number
    label: "Qualification rate"
    description: "Qualified calls (tier_1 or tier_2) / calls."
    sql: ${qualified_calls} / NULLIF(${calls}, 0) ;;
    value_format_name: percent_1
  }

  measure: meeting_booking_rate {
    type: number
    label: "Meeting booking rate"
    description: "Meetings booked / calls (the conversion rate)."
    sql: ${meetings_booked} / NULLIF(${calls}, 0) ;;
    value_format_name: percent_1
  }

  measure: error_rate {
    type: number
    label: "Error rate"
    description: "Calls with end_reason 'error' / calls."
    sql: ${error_calls} / NULLIF(${calls}, 0) ;;
    value_format_name: percent_1
  }

  measure: total_duration_seconds {
    type: sum
    hidden: yes
    label: "Talk time (seconds)"
    description: "Sum of call lengths."
    sql: ${TABLE}.duration_seconds ;;
  }

  measure: average_duration_minutes {
    type: number
    label: "Average call duration (minutes)"
    description: "Talk time / calls, in minutes."
    sql: ${total_duration_seconds} / 60 / NULLIF(${calls}, 0) ;;
    value_format_name: decimal_1
  }

  measure: tokens_used {
    type: sum
    label: "LLM tokens used"
    description: "LLM tokens of the calls."
    sql: ${TABLE}.total_tokens ;;
    value_format_name: decimal_0
  }

  measure: cost_usd_total {
    type: sum
    label: "Cost (USD)"
    description: "Provider cost of the calls."
    sql: ${TABLE}.cost_usd ;;
    value_format_name: usd
  }

  measure: lead_score_sum {
    type: sum
    hidden: yes
    label: "Lead score sum"
    description: "Sum of lead scores."
    sql: ${TABLE}.lead_score_sum ;;
  }

  measure: scored_calls {
    type: sum
    hidden: yes
    label: "Scored calls"
    description: "Calls with a lead score."
    sql: ${TABLE}.scored_calls ;;
  }

  measure: average_lead_score {
    type: number
    label: "Average lead score"
    description: "Mean lead score of the scored calls."
    sql: ${lead_score_sum} / NULLIF(${scored_calls}, 0) ;;
    value_format_name: decimal_1
  }
}
