# leads: one row per caller email, merged on every call (schemas/tables.py LEADS). Not
# partitioned; clustered by qualification_tier, industry. The email is trimmed and lower-cased.

view: leads {
  sql_table_name: `@{project}.@{dataset}.leads` ;;

  dimension: email {
    primary_key: yes
    type: string
    label: "Email"
    description: "Caller's email, trimmed and lower-cased (the key; personal data)."
    required_access_grants: [can_see_pii]
    sql: ${TABLE}.email ;;
  }

  dimension: name {
    type: string
    label: "Name"
    description: "Caller's name (personal data)."
    required_access_grants: [can_see_pii]
    sql: ${TABLE}.name ;;
  }

  dimension: latest_session_id {
    type: string
    label: "Latest session ID"
    description: "The caller's most recent call."
    sql: ${TABLE}.latest_session_id ;;
  }

  dimension: team_size {
    type: number
    label: "Team size"
    description: "People who would use the product (latest stated)."
    sql: ${TABLE}.team_size ;;
  }

  dimension: monthly_volume {
    type: number
    label: "Monthly document volume"
    description: "Documents a month."
    sql: ${TABLE}.monthly_volume ;;
  }

  dimension: integration_needs {
    type: string
    label: "Integration needs"
    description: "Integration ids the caller needs, comma-separated."
    sql: ARRAY_TO_STRING(${TABLE}.integration_needs, ', ') ;;
  }

  dimension: industry {
    type: string
    label: "Industry"
    description: "Industry id."
    sql: ${TABLE}.industry ;;
  }

  dimension: location {
    type: string
    label: "Location"
    description: "Where the caller is, as said."
    sql: ${TABLE}.location ;;
  }

  dimension: use_case {
    type: string
    label: "Use case"
    description: "Use case category id."
    sql: ${TABLE}.use_case ;;
  }

  dimension: current_tool {
    type: string
    label: "Current tool"
    description: "Competitor or current tool id used today."
    sql: ${TABLE}.current_tool ;;
  }

  dimension: pain_points {
    type: string
    label: "Pain points"
    description: "Pain points in the caller's words, separated by ' | '."
    sql: ARRAY_TO_STRING(${TABLE}.pain_points, ' | ') ;;
  }

  dimension: decision_timeline {
    type: string
    label: "Decision timeline"
    description: "Decision timeline id."
    sql: ${TABLE}.decision_timeline ;;
  }

  dimension: budget_authority {
    type: string
    label: "Budget authority"
    description: "Budget authority id."
    sql: ${TABLE}.budget_authority ;;
  }

  dimension: urgency {
    type: string
    label: "Urgency"
    description: "high, medium, low or unknown."
    sql: ${TABLE}.urgency ;;
  }

  dimension: qualification_tier {
    type: string
    label: "Latest qualification tier"
    description: "Tier of the caller's latest call."
    sql: ${TABLE}.qualification_tier ;;
  }

  dimension: lead_score {
    type: number
    label: "Latest lead score"
    description: "Lead score of the caller's latest call, 0-100."
    sql: ${TABLE}.lead_score ;;
    value_format_name: decimal_1
  }

  dimension_group: first_call_date {
    type: time
    label: "First call"
    description: "Start of the caller's first call."
    timeframes: [raw, time, date, week, month]
    sql: ${TABLE}.first_call_date ;;
  }

  dimension_group: last_call_date {
    type: time
    label: "Last call"
    description: "Start of the caller's latest call."
    timeframes: [raw, time, date, week, month]
    sql: ${TABLE}.last_call_date ;;
  }

  dimension: total_calls {
    type: number
    label: "Total calls"
    description: "Distinct calls from this email."
    sql: ${TABLE}.total_calls ;;
  }

  dimension_group: updated_at {
    type: time
    label: "Updated"
    description: "When the row was last merged."
    timeframes: [raw, time, date]
    sql: ${TABLE}.updated_at ;;
  }

  dimension: team_size_tier {
    type: tier
    label: "Team size band"
    description: "Team size in bands: 1, 2-5, 6-10, 11-25, 26-50, 51-100, 101-250, 251 or more."
    tiers: [2, 6, 11, 26, 51, 101, 251]
    style: integer
    sql: ${team_size} ;;
  }

  dimension: is_repeat_caller {
    type: yesno
    label: "Is repeat caller"
    description: "The caller called more than once."
    sql: ${TABLE}.total_calls > 1 ;;
  }

  measure: count {
    type: count
    label: "Leads"
    description: "Distinct callers (emails)."
  }

  measure: average_team_size {
    type: average
    label: "Average team size"
    description: "Mean latest stated team size of the leads."
    sql: ${team_size} ;;
    value_format_name: decimal_1
  }

  measure: total_seats {
    type: sum
    label: "Seats (team sizes)"
    description: "Sum of the leads' latest stated team sizes."
    sql: ${team_size} ;;
  }

  measure: average_lead_score {
    type: average
    label: "Average latest lead score"
    description: "Mean of the leads' latest lead scores."
    sql: ${lead_score} ;;
    value_format_name: decimal_1
  }

  measure: repeat_callers {
    type: count
    label: "Repeat callers"
    description: "Leads who called more than once."
    filters: [is_repeat_caller: "yes"]
  }
}
