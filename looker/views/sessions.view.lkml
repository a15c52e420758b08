# sessions: the fact table, one row per call (schemas/tables.py SESSIONS).
# Partitioned by DATE(start_time); clustered by qualification_tier, industry, sentiment,
# agent_version (the dashboard filters).

view: sessions {
  sql_table_name: `@{project}.@{dataset}.sessions` ;;

  # --- Columns ---------------------------------------------------------------------------

  dimension: session_id {
    primary_key: yes
    type: string
    label: "Session ID"
    description: "Unique id of the call."
    sql: ${TABLE}.session_id ;;
  }

  dimension_group: start_time {
    type: time
    label: "Call start"
    description: "When the call started (partition column: filter on it)."
    timeframes: [raw, time, minute15, hour, date, week, month, quarter, hour_of_day, day_of_week]
    sql: ${TABLE}.start_time ;;
  }

  dimension_group: end_time {
    type: time
    label: "Call end"
    description: "When the call ended."
    timeframes: [raw, time, minute15, hour, date]
    sql: ${TABLE}.end_time ;;
  }

  dimension: duration_seconds {
    type: number
    label: "Duration (seconds)"
    description: "Call length in seconds."
    sql: ${TABLE}.duration_seconds ;;
    value_format_name: decimal_0
  }

  dimension: participant_id {
    type: string
    label: "Participant ID"
    description: "LiveKit participant id of the caller."
    sql: ${TABLE}.participant_id ;;
  }

  dimension: user_email {
    type: string
    label: "Caller email"
    description: "Caller's email when known (personal data)."
    required_access_grants: [can_see_pii]
    sql: ${TABLE}.user_email ;;
  }

  dimension: user_name {
    type: string
    label: "Caller name"
    description: "Caller's name when known (personal data)."
    required_access_grants: [can_see_pii]
    sql: ${TABLE}.user_name ;;
  }

  dimension: turn_count {
    type: number
    label: "Turn count"
    description: "Transcript turns, both sides."
    sql: ${TABLE}.turn_count ;;
  }

  dimension: interruption_count {
    type: number
    label: "Interruption count"
    description: "Turns cut off by the other side."
    sql: ${TABLE}.interruption_count ;;
  }

  dimension: qualification_tier {
    type: string
    label: "Qualification tier"
    description: "Lead tier of the call: tier_1 (hot), tier_2, tier_3."
    sql: ${TABLE}.qualification_tier ;;
  }

  dimension: lead_score {
    type: number
    label: "Lead score"
    description: "Weighted lead score, 0-100."
    sql: ${TABLE}.lead_score ;;
    value_format_name: decimal_1
  }

  dimension: engagement_score {
    type: number
    label: "Engagement score"
    description: "Caller engagement, 0-100: the lead score's behavioral component scaled to 100."
    sql: ${TABLE}.engagement_score ;;
    value_format_name: decimal_1
  }

  dimension: sentiment {
    type: string
    label: "Sentiment"
    description: "Caller's overall sentiment: positive, neutral, negative."
    sql: ${TABLE}.sentiment ;;
  }

  dimension: meeting_booked {
    type: yesno
    label: "Meeting booked"
    description: "A sales meeting was booked successfully during the call."
    sql: ${TABLE}.meeting_booked ;;
  }

  dimension_group: created_at {
    type: time
    label: "Row written"
    description: "When the pipeline wrote the row."
    timeframes: [raw, time, date]
    sql: ${TABLE}.created_at ;;
  }

  dimension: agent_version {
    type: string
    label: "Agent version"
    description: "Agent build that took the call."
    sql: ${TABLE}.agent_version ;;
  }

  dimension: schema_version {
    type: string
    label: "Schema version"
    description: "Contract version of the session record."
    sql: ${TABLE}.schema_version ;;
  }

  dimension: end_reason {
    type: string
    label: "End reason"
    description: "Why the call ended, as the agent saw it: user_hangup, agent_ended, participant_disconnected, timeout, error, unknown."
    sql: ${TABLE}.end_reason ;;
  }

  dimension: industry {
    type: string
    label: "Industry"
    description: "Caller's industry id (taxonomy industries)."
    sql: ${TABLE}.industry ;;
  }

  dimension: call_outcome {
    type: string
    label: "Call outcome"
    description: "Outcome id from the executive summary: meeting_booked, qualified_follow_up, nurture, unqualified, support_request, dropped."
    sql: ${TABLE}.call_outcome ;;
  }

  dimension: quality_score {
    type: number
    label: "Quality score"
    description: "Conversation quality, 0-100."
    sql: ${TABLE}.quality_score ;;
    value_format_name: decimal_1
  }

  dimension: avg_latency_ms {
    type: number
    label: "Call average latency (ms)"
    description: "Mean caller-perceived latency of the call's agent turns, ms."
    sql: ${TABLE}.avg_latency_ms ;;
    value_format_name: decimal_0
  }

  dimension: p95_latency_ms {
    type: number
    label: "Call P95 latency (ms)"
    description: "95th percentile caller-perceived latency of the call's agent turns, ms."
    sql: ${TABLE}.p95_latency_ms ;;
    value_format_name: decimal_0
  }

  dimension: total_tokens {
    type: number
    label: "LLM tokens"
    description: "LLM tokens the call used."
    sql: ${TABLE}.total_tokens ;;
  }

  dimension: cost_usd {
    type: number
    label: "Cost (USD)"
    description: "Provider cost of the call in US dollars."
    sql: ${TABLE}.cost_usd ;;
    value_format_name: usd
  }

  dimension: tool_calls_count {
    type: number
    label: "Tool calls"
    description: "Tool calls the agent made during the call."
    sql: ${TABLE}.tool_calls_count ;;
  }

  dimension: connection_quality {
    type: string
    label: "Connection quality"
    description: "LiveKit quality level of the caller's link: excellent, good, poor, lost, unknown."
    sql: ${TABLE}.connection_quality ;;
  }

  dimension: validation_warnings {
    type: string
    label: "Validation warnings"
    description: "Semantic warnings the record carried, comma-separated."
    sql: ARRAY_TO_STRING(${TABLE}.validation_warnings, ', ') ;;
  }

  # --- Derived dimensions -----------------------------------------------------------------

  dimension: caller_key {
    hidden: yes
    type: string
    label: "Caller key"
    description: "The caller: lower-cased email, else the participant id (as the executive digest counts callers)."
    sql: COALESCE(NULLIF(LOWER(TRIM(${TABLE}.user_email)), ''), ${TABLE}.participant_id) ;;
  }

  dimension: duration_minutes {
    type: number
    label: "Duration (minutes)"
    description: "Call length in minutes."
    sql: ${TABLE}.duration_seconds / 60 ;;
    value_format_name: decimal_1
  }

  dimension: validation_warning_count {
    type: number
    label: "Validation warning count"
    description: "How many semantic warnings the record carried."
    sql: ARRAY_LENGTH(${TABLE}.validation_warnings) ;;
  }

  dimension: lead_score_tier {
    type: tier
    label: "Lead score band"
    description: "Lead score in bands of 20 points."
    tiers: [20, 40, 60, 80]
    style: integer
    sql: ${lead_score} ;;
  }

  dimension: is_qualified {
    type: yesno
    label: "Is qualified (tier 1 or 2)"
    description: "The call reached tier_1 or tier_2 (the executive digest's qualified tiers)."
    sql: ${TABLE}.qualification_tier IN ('tier_1', 'tier_2') ;;
  }

  dimension: is_tier_1 {
    type: yesno
    label: "Is tier 1"
    description: "The call reached tier_1 (hot)."
    sql: ${TABLE}.qualification_tier = 'tier_1' ;;
  }

  dimension: is_hot_lead {
    type: yesno
    label: "Is hot lead"
    description: "Lead score above the hot-lead threshold (80, spec 7.3; constant hot_lead_score_above)."
    sql: ${TABLE}.lead_score > @{hot_lead_score_above} ;;
  }

  dimension: is_error {
    type: yesno
    label: "Ended in error"
    description: "The call ended with end_reason 'error'."
    sql: ${TABLE}.end_reason = 'error' ;;
  }

  dimension: ended_in_last_15_minutes {
    type: yesno
    label: "Ended in the last 15 minutes"
    description: "The call ended within the last 15 minutes (query time)."
    sql: ${TABLE}.end_time >= TIMESTAMP_SUB(CURRENT_TIMESTAMP(), INTERVAL 15 MINUTE) ;;
  }

  # --- Measures ---------------------------------------------------------------------------

  measure: count {
    type: count
    label: "Calls"
    description: "Number of calls."
    drill_fields: [call_details*]
  }

  measure: unique_callers {
    type: count_distinct
    label: "Unique callers"
    description: "Distinct callers: lower-cased email, else participant id."
    sql: ${caller_key} ;;
  }

  measure: calls_completed_last_15_minutes {
    type: count
    label: "Current calls active"
    description: "Calls completed in the last 15 minutes. The warehouse receives a call only when it has ended, so calls still in progress cannot be counted; this is the closest figure it holds."
    filters: [ended_in_last_15_minutes: "yes"]
    drill_fields: [call_details*]
  }

  measure: tier_1_leads {
    type: count_distinct
    label: "Qualified leads (Tier 1)"
    description: "Distinct callers (email, else participant id) with a tier_1 call in the period, as the executive digest counts hot leads."
    sql: ${caller_key} ;;
    filters: [is_tier_1: "yes"]
    drill_fields: [call_details*]
  }

  measure: qualified_calls {
    type: count
    label: "Qualified calls"
    description: "Calls that reached tier_1 or tier_2."
    filters: [is_qualified: "yes"]
  }

  measure: qualification_rate {
    type: number
    label: "Qualification rate"
    description: "Qualified calls (tier_1 or tier_2) / calls."
    sql: ${qualified_calls} / NULLIF(${count}, 0) ;;
    value_format_name: percent_1
  }

  measure: hot_lead_calls {
    type: count
    label: "Hot lead calls"
    description: "Calls with a lead score above the hot-lead threshold (80)."
    filters: [is_hot_lead: "yes"]
  }

  measure: meetings_booked {
    type: count
    label: "Meetings booked"
    description: "Calls in which a sales meeting was booked successfully."
    filters: [meeting_booked: "yes"]
    drill_fields: [call_details*]
  }

  measure: conversion_rate {
    type: number
    label: "Conversion rate"
    description: "Meetings booked / calls: the share of calls that booked a sales meeting."
    sql: ${meetings_booked} / NULLIF(${count}, 0) ;;
    value_format_name: percent_1
  }

  measure: error_calls {
    type: count
    label: "Calls ended in error"
    description: "Calls whose end_reason is 'error'."
    filters: [is_error: "yes"]
  }

  measure: error_rate {
    type: number
    label: "Error rate"
    description: "Calls with end_reason 'error' / calls (alerts fire at 5% and 10%)."
    sql: ${error_calls} / NULLIF(${count}, 0) ;;
    value_format_name: percent_1
  }

  measure: average_duration_seconds {
    type: average
    label: "Average call duration (seconds)"
    description: "Mean call length in seconds."
    sql: ${duration_seconds} ;;
    value_format_name: decimal_0
  }

  measure: average_duration_minutes {
    type: average
    label: "Average call duration (minutes)"
    description: "Mean call length in minutes."
    sql: ${duration_minutes} ;;
    value_format_name: decimal_1
  }

  measure: total_duration_minutes {
    type: sum
    label: "Talk time (minutes)"
    description: "Sum of call lengths in minutes."
    sql: ${duration_minutes} ;;
    value_format_name: decimal_0
  }

  measure: average_turn_count {
    type: average
    label: "Average turn count"
    description: "Mean transcript turns per call, both sides."
    sql: ${turn_count} ;;
    value_format_name: decimal_1
  }

  measure: total_turns {
    type: sum
    label: "Turns"
    description: "Transcript turns, both sides."
    sql: ${turn_count} ;;
  }

  measure: total_interruptions {
    type: sum
    label: "Interruptions"
    description: "Turns cut off by the other side."
    sql: ${interruption_count} ;;
  }

  measure: interruption_rate {
    type: number
    label: "Interruption rate"
    description: "Interruptions / turns: the share of turns cut off by the other side."
    sql: ${total_interruptions} / NULLIF(${total_turns}, 0) ;;
    value_format_name: percent_1
  }

  measure: average_lead_score {
    type: average
    label: "Average lead score"
    description: "Mean lead score of the calls, 0-100."
    sql: ${lead_score} ;;
    value_format_name: decimal_1
  }

  measure: average_engagement_score {
    type: average
    label: "Average engagement score"
    description: "Mean caller engagement of the calls, 0-100."
    sql: ${engagement_score} ;;
    value_format_name: decimal_1
  }

  measure: average_quality_score {
    type: average
    label: "Average quality score"
    description: "Mean conversation quality of the calls, 0-100."
    sql: ${quality_score} ;;
    value_format_name: decimal_1
  }

  measure: p95_call_latency_ms {
    type: percentile
    percentile: 95
    label: "P95 of call P95 latency (ms)"
    description: "95th percentile over calls of each call's own P95 latency. For turn-level percentiles use the Agent turns explore."
    sql: ${p95_latency_ms} ;;
    value_format_name: decimal_0
  }

  measure: average_call_latency_ms {
    type: average
    label: "Average of call average latency (ms)"
    description: "Mean over calls of each call's mean latency (every call weighs the same)."
    sql: ${avg_latency_ms} ;;
    value_format_name: decimal_0
  }

  measure: tokens_used {
    type: sum
    label: "LLM tokens used"
    description: "LLM tokens of the calls, counted at call start time."
    sql: ${total_tokens} ;;
    value_format_name: decimal_0
  }

  measure: cost_usd_total {
    type: sum
    label: "Cost (USD)"
    description: "Provider cost of the calls in US dollars; by hour of call start it is the cost burn rate in USD per hour (alert budget: 25 USD per hour)."
    sql: ${cost_usd} ;;
    value_format_name: usd
  }

  measure: average_cost_usd {
    type: average
    label: "Average cost per call (USD)"
    description: "Mean provider cost of a call in US dollars."
    sql: ${cost_usd} ;;
    value_format_name: usd
  }

  measure: total_tool_calls {
    type: sum
    label: "Tool calls"
    description: "Tool calls the agent made."
    sql: ${tool_calls_count} ;;
  }

  set: call_details {
    fields: [session_id, start_time_time, duration_minutes, qualification_tier, lead_score, sentiment, industry, meeting_booked, call_outcome, agent_version]
  }
}
