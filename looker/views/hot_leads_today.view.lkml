# hot_leads_today: callers whose lead score passed the hot-lead threshold (above 80, spec 7.3;
# constant hot_lead_score_above) in a call that started today (UTC), one row per caller with
# their latest such call, and what the leads table knows about them. Rebuilt when new calls
# arrive and when the UTC day changes (datagroup realtime_5min).

view: hot_leads_today {
  derived_table: {
    sql:
      SELECT
        s.session_id AS session_id,
        s.start_time AS start_time,
        s.user_name AS caller_name,
        s.user_email AS caller_email,
        s.qualification_tier AS qualification_tier,
        s.lead_score AS lead_score,
        s.engagement_score AS engagement_score,
        s.sentiment AS sentiment,
        s.industry AS industry,
        s.agent_version AS agent_version,
        s.meeting_booked AS meeting_booked,
        s.call_outcome AS call_outcome,
        l.team_size AS team_size,
        l.current_tool AS current_tool,
        l.decision_timeline AS decision_timeline,
        l.urgency AS urgency,
        l.total_calls AS total_calls
      FROM `@{project}.@{dataset}.sessions` AS s
      LEFT JOIN `@{project}.@{dataset}.leads` AS l
        ON l.email = LOWER(TRIM(s.user_email))
      WHERE s.start_time >= TIMESTAMP(CURRENT_DATE())
        AND s.lead_score > @{hot_lead_score_above}
      QUALIFY ROW_NUMBER() OVER (
        PARTITION BY COALESCE(NULLIF(LOWER(TRIM(s.user_email)), ''), s.participant_id)
        ORDER BY s.start_time DESC) = 1
      ;;
    datagroup_trigger: realtime_5min
    cluster_keys: ["qualification_tier"]
  }

  dimension: session_id {
    primary_key: yes
    type: string
    label: "Session ID"
    description: "The caller's latest hot call today."
    sql: ${TABLE}.session_id ;;
  }

  dimension_group: start_time {
    type: time
    label: "Call start"
    description: "When the call started."
    timeframes: [raw, time, hour, date]
    sql: ${TABLE}.start_time ;;
  }

  dimension: caller_name {
    type: string
    label: "Caller name"
    description: "Caller's name (personal data)."
    required_access_grants: [can_see_pii]
    sql: ${TABLE}.caller_name ;;
  }

  dimension: caller_email {
    type: string
    label: "Caller email"
    description: "Caller's email (personal data)."
    required_access_grants: [can_see_pii]
    sql: ${TABLE}.caller_email ;;
  }

  dimension: qualification_tier {
    type: string
    label: "Qualification tier"
    description: "Lead tier of the call."
    sql: ${TABLE}.qualification_tier ;;
  }

  dimension: lead_score {
    type: number
    label: "Lead score"
    description: "Lead score of the call, 0-100."
    sql: ${TABLE}.lead_score ;;
    value_format_name: decimal_1
  }

  dimension: engagement_score {
    type: number
    label: "Engagement score"
    description: "Caller engagement, 0-100."
    sql: ${TABLE}.engagement_score ;;
    value_format_name: decimal_1
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
    description: "Agent build that took the call."
    sql: ${TABLE}.agent_version ;;
  }

  dimension: meeting_booked {
    type: yesno
    label: "Meeting booked"
    description: "A sales meeting was booked in the call."
    sql: ${TABLE}.meeting_booked ;;
  }

  dimension: call_outcome {
    type: string
    label: "Call outcome"
    description: "Outcome id from the executive summary."
    sql: ${TABLE}.call_outcome ;;
  }

  dimension: team_size {
    type: number
    label: "Team size"
    description: "People who would use the product (leads table)."
    sql: ${TABLE}.team_size ;;
  }

  dimension: current_tool {
    type: string
    label: "Current tool"
    description: "Competitor or current tool id (leads table)."
    sql: ${TABLE}.current_tool ;;
  }

  dimension: decision_timeline {
    type: string
    label: "Decision timeline"
    description: "Decision timeline id (leads table)."
    sql: ${TABLE}.decision_timeline ;;
  }

  dimension: urgency {
    type: string
    label: "Urgency"
    description: "high, medium, low or unknown (leads table)."
    sql: ${TABLE}.urgency ;;
  }

  dimension: total_calls {
    type: number
    label: "Total calls"
    description: "Calls from this caller so far (leads table)."
    sql: ${TABLE}.total_calls ;;
  }

  measure: count {
    type: count
    label: "Hot leads"
    description: "Callers who scored above 80 today."
  }

  measure: average_lead_score {
    type: average
    label: "Average lead score"
    description: "Mean lead score of today's hot leads."
    sql: ${lead_score} ;;
    value_format_name: decimal_1
  }
}
