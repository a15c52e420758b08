# alerts_history: every alert raised and where it went (schemas/tables.py ALERTS_HISTORY).
# Partitioned by DATE(triggered_at); clustered by severity, alert_type. Operational alerts
# (latency, error rate, tokens, cost, connection, agent down) concern no single call.

view: alerts_history {
  sql_table_name: `@{project}.@{dataset}.alerts_history` ;;

  # --- Columns ---------------------------------------------------------------------------

  dimension: id {
    primary_key: yes
    type: string
    label: "Alert ID"
    description: "Alert id, stable for the same condition and window."
    sql: ${TABLE}.id ;;
  }

  dimension: alert_type {
    type: string
    label: "Alert type"
    description: "operational, business, quality or executive."
    sql: ${TABLE}.alert_type ;;
  }

  dimension: alert_name {
    type: string
    label: "Alert"
    description: "The spec's name, e.g. 'Hot Lead Detected', 'Error Rate > 10%'."
    sql: ${TABLE}.alert_name ;;
  }

  dimension: severity {
    type: string
    label: "Severity"
    description: "P1, P2, P3, business_critical or executive."
    sql: ${TABLE}.severity ;;
  }

  dimension: message {
    type: string
    label: "Message"
    description: "What was sent."
    sql: ${TABLE}.message ;;
  }

  dimension: context {
    type: string
    label: "Context (JSON)"
    description: "The figures behind the alert, as JSON text."
    sql: TO_JSON_STRING(${TABLE}.context) ;;
  }

  dimension: session_id {
    type: string
    label: "Session ID"
    description: "The call, for per-call alerts."
    sql: ${TABLE}.session_id ;;
  }

  dimension_group: triggered_at {
    type: time
    label: "Triggered"
    description: "When the condition was detected (partition column: filter on it)."
    timeframes: [raw, time, hour, date, week, month]
    sql: ${TABLE}.triggered_at ;;
  }

  dimension: sent_to {
    type: string
    label: "Sent to"
    description: "Destinations (pagerduty, slack:#ops, email:...), comma-separated."
    sql: ARRAY_TO_STRING(${TABLE}.sent_to, ', ') ;;
  }

  dimension_group: acknowledged_at {
    type: time
    label: "Acknowledged"
    description: "When someone acknowledged it."
    timeframes: [raw, time, date]
    sql: ${TABLE}.acknowledged_at ;;
  }

  dimension: acknowledged_by {
    type: string
    label: "Acknowledged by"
    description: "Who acknowledged it."
    sql: ${TABLE}.acknowledged_by ;;
  }

  dimension_group: resolved_at {
    type: time
    label: "Resolved"
    description: "When the condition cleared."
    timeframes: [raw, time, date]
    sql: ${TABLE}.resolved_at ;;
  }

  dimension: rule {
    type: string
    label: "Rule"
    description: "The rule's key in the alert config, e.g. 'hot_lead'."
    sql: ${TABLE}.rule ;;
  }

  dimension: delivery_status {
    type: string
    label: "Delivery status"
    description: "sent, outbox (no destination configured), failed (after retries) or held (cooldown or flapping)."
    sql: ${TABLE}.delivery_status ;;
  }

  dimension: delivery_error {
    type: string
    label: "Delivery error"
    description: "Why a delivery failed."
    sql: ${TABLE}.delivery_error ;;
  }

  # --- Derived dimensions -----------------------------------------------------------------

  dimension: context_value {
    type: number
    label: "Measured value"
    description: "The figure an operational alert fired on (context.value), e.g. the error rate or the latency."
    sql: SAFE_CAST(JSON_VALUE(${TABLE}.context, '$.value') AS FLOAT64) ;;
  }

  dimension: is_performance_degradation {
    type: yesno
    label: "Is performance degradation"
    description: "An operational alert: agent down, error rate, latency, queue backlog, API failures, token spike, cost burn or connection quality."
    sql: ${TABLE}.alert_type = 'operational' ;;
  }

  dimension: is_resolved {
    type: yesno
    label: "Is resolved"
    description: "The condition has cleared."
    sql: ${TABLE}.resolved_at IS NOT NULL ;;
  }

  dimension: is_acknowledged {
    type: yesno
    label: "Is acknowledged"
    description: "Someone acknowledged the alert."
    sql: ${TABLE}.acknowledged_at IS NOT NULL ;;
  }

  dimension: minutes_to_resolve {
    type: number
    label: "Minutes to resolve"
    description: "From trigger to resolution, minutes."
    sql: TIMESTAMP_DIFF(${TABLE}.resolved_at, ${TABLE}.triggered_at, SECOND) / 60 ;;
    value_format_name: decimal_1
  }

  dimension: minutes_to_acknowledge {
    type: number
    label: "Minutes to acknowledge"
    description: "From trigger to acknowledgement, minutes."
    sql: TIMESTAMP_DIFF(${TABLE}.acknowledged_at, ${TABLE}.triggered_at, SECOND) / 60 ;;
    value_format_name: decimal_1
  }

  # Dashboard filters on call attributes, for alert tiles: alerts about matching calls, and
  # every alert that concerns no single call (operational and digest alerts).
  filter: call_qualification_tier {
    type: string
    label: "Call qualification tier"
    description: "Alerts about calls of these tiers, and alerts about no single call."
    suggest_explore: sessions
    suggest_dimension: sessions.qualification_tier
    sql: ({% condition call_qualification_tier %} ${sessions.qualification_tier} {% endcondition %} OR ${session_id} IS NULL) ;;
  }

  filter: call_sentiment {
    type: string
    label: "Call sentiment"
    description: "Alerts about calls with this sentiment, and alerts about no single call."
    suggest_explore: sessions
    suggest_dimension: sessions.sentiment
    sql: ({% condition call_sentiment %} ${sessions.sentiment} {% endcondition %} OR ${session_id} IS NULL) ;;
  }

  filter: call_industry {
    type: string
    label: "Call industry"
    description: "Alerts about calls from these industries, and alerts about no single call."
    suggest_explore: sessions
    suggest_dimension: sessions.industry
    sql: ({% condition call_industry %} ${sessions.industry} {% endcondition %} OR ${session_id} IS NULL) ;;
  }

  filter: call_agent_version {
    type: string
    label: "Call agent version"
    description: "Alerts about calls these agent versions took, and alerts about no single call."
    suggest_explore: sessions
    suggest_dimension: sessions.agent_version
    sql: ({% condition call_agent_version %} ${sessions.agent_version} {% endcondition %} OR ${session_id} IS NULL) ;;
  }

  # --- Measures ---------------------------------------------------------------------------

  measure: count {
    type: count
    label: "Alerts"
    description: "Alerts raised."
  }

  measure: performance_degradation_alerts {
    type: count
    label: "Performance degradation alerts"
    description: "Operational alerts raised (spec 7.1 and 7.2)."
    filters: [is_performance_degradation: "yes"]
  }

  measure: unresolved_alerts {
    type: count
    label: "Unresolved alerts"
    description: "Alerts whose condition has not cleared."
    filters: [is_resolved: "no"]
  }

  measure: average_minutes_to_resolve {
    type: average
    label: "Average minutes to resolve"
    description: "Mean time from trigger to resolution."
    sql: ${minutes_to_resolve} ;;
    value_format_name: decimal_1
  }

  measure: average_minutes_to_acknowledge {
    type: average
    label: "Average minutes to acknowledge"
    description: "Mean time from trigger to acknowledgement."
    sql: ${minutes_to_acknowledge} ;;
    value_format_name: decimal_1
  }
}
