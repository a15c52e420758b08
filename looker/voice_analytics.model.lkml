# Voice analytics: the six warehouse tables of schemas/tables.py, the explores analysts use and
# the six dashboards of spec section 6. Timestamps are stored in UTC; "today" in derived tables
# means the UTC day.

connection: "@{connection}"
label: "Voice Analytics"

include: "/views/*.view.lkml"
include: "/dashboards/*.dashboard.lookml"

# Real-time panels (spec 8.3: last 24 hours, < 1 s, 5-minute cache). The trigger changes when
# the Beam job writes a call (partition-pruned to the last day, a few KB scanned) and when the
# UTC day changes (for "today" tables); the cache never serves results older than 5 minutes.
datagroup: realtime_5min {
  label: "Real time (5 minutes)"
  description: "New calls written to sessions, or a new UTC day; cached results live at most 5 minutes."
  sql_trigger: SELECT CONCAT(CAST(CURRENT_DATE() AS STRING), '|', IFNULL(CAST(MAX(s.created_at) AS STRING), ''))
    FROM `@{project}.@{dataset}.sessions` AS s
    WHERE s.start_time >= TIMESTAMP_SUB(CURRENT_TIMESTAMP(), INTERVAL 1 DAY) ;;
  max_cache_age: "5 minutes"
}

# Reports and rollups (spec 8.3: 90-day reports < 30 s, overnight schedules).
datagroup: daily_refresh {
  label: "Daily (UTC midnight)"
  description: "Changes once a UTC day; cached results live at most 24 hours."
  sql_trigger: SELECT CURRENT_DATE() ;;
  max_cache_age: "24 hours"
}

persist_with: realtime_5min

# Spec 8.2: transcripts are restricted to authorized personnel. Give the user attribute
# can_see_transcripts the value "yes" to the people allowed.
access_grant: can_see_transcripts {
  user_attribute: can_see_transcripts
  allowed_values: ["yes"]
}

# Caller names and emails (GDPR/CCPA). Dashboards never show them; explores do with this grant.
access_grant: can_see_pii {
  user_attribute: can_see_pii
  allowed_values: ["yes"]
}

explore: sessions {
  label: "Calls"
  description: "One row per call with its analysis, transcript, agent turns, caller (lead) and alerts. Filtered on call start date, the partition column: keep the range to what you need."
  persist_with: realtime_5min

  always_filter: {
    filters: [sessions.start_time_date: "7 days"]
  }

  # The joined tables are partitioned too; each join adds a bound on the other table's
  # partition column taken from the call date filter, so a 90-day report reads ~90 partitions
  # of every table instead of all of them. Analysis, turns and alerts never precede the call.
  join: analysis_results {
    relationship: one_to_one
    type: left_outer
    sql_on: ${sessions.session_id} = ${analysis_results.session_id}
      AND ${analysis_results.analyzed_at_raw} >= COALESCE({% date_start sessions.start_time_date %}, TIMESTAMP('1970-01-01 00:00:00')) ;;
  }

  join: transcripts {
    relationship: one_to_one
    type: left_outer
    required_access_grants: [can_see_transcripts]
    sql_on: ${sessions.session_id} = ${transcripts.session_id}
      AND {% condition sessions.start_time_date %} ${transcripts.start_time_raw} {% endcondition %} ;;
  }

  join: metrics {
    relationship: one_to_many
    type: left_outer
    sql_on: ${sessions.session_id} = ${metrics.session_id}
      AND ${metrics.timestamp_raw} >= COALESCE({% date_start sessions.start_time_date %}, TIMESTAMP('1970-01-01 00:00:00')) ;;
  }

  # leads is keyed by the trimmed, lower-cased email (pipeline/rows.py lead_row).
  join: leads {
    relationship: many_to_one
    type: left_outer
    sql_on: LOWER(TRIM(${sessions.user_email})) = ${leads.email} ;;
  }

  join: alerts_history {
    relationship: one_to_many
    type: left_outer
    sql_on: ${sessions.session_id} = ${alerts_history.session_id}
      AND ${alerts_history.triggered_at_raw} >= COALESCE({% date_start sessions.start_time_date %}, TIMESTAMP('1970-01-01 00:00:00')) ;;
  }

  # Lists inside the analysis reports, one row per item.
  join: objection_types {
    relationship: one_to_many
    required_joins: [analysis_results]
    sql: LEFT JOIN UNNEST(${analysis_results.objection_types_array}) AS objection_types ;;
  }

  join: competitor_mentions {
    relationship: one_to_many
    required_joins: [analysis_results]
    sql: LEFT JOIN UNNEST(${analysis_results.competitor_mentions_array}) AS competitor_mentions ;;
  }

  join: integration_needs {
    relationship: one_to_many
    required_joins: [analysis_results]
    sql: LEFT JOIN UNNEST(${analysis_results.integration_needs_array}) AS integration_needs ;;
  }

  join: content_gap_areas {
    relationship: one_to_many
    required_joins: [analysis_results]
    sql: LEFT JOIN UNNEST(${analysis_results.content_gap_areas_array}) AS content_gap_areas ;;
  }

  # Real-time panels: roll-ups of the last 24 hours, rebuilt when new calls arrive. Queries
  # with the same 24-hour (or today) filter and any of the dashboard filters use them.
  aggregate_table: realtime_calls_by_hour {
    query: {
      dimensions: [
        sessions.start_time_hour,
        sessions.start_time_date,
        sessions.qualification_tier,
        sessions.sentiment,
        sessions.industry,
        sessions.agent_version,
        sessions.connection_quality
      ]
      measures: [
        sessions.count,
        sessions.error_calls,
        sessions.error_rate,
        sessions.meetings_booked,
        sessions.cost_usd_total,
        sessions.tokens_used
      ]
      filters: [sessions.start_time_time: "24 hours"]
    }
    materialization: {
      datagroup_trigger: realtime_5min
    }
  }

  aggregate_table: realtime_calls_today {
    query: {
      dimensions: [
        sessions.start_time_date,
        sessions.qualification_tier,
        sessions.sentiment,
        sessions.industry,
        sessions.agent_version
      ]
      measures: [sessions.count, sessions.meetings_booked, sessions.average_engagement_score]
      filters: [sessions.start_time_time: "today"]
    }
    materialization: {
      datagroup_trigger: realtime_5min
    }
  }
}

explore: metrics {
  label: "Agent turns (latency and tokens)"
  description: "One row per agent turn with LiveKit's metrics, and the call it belongs to. Filtered on turn date, the partition column."
  persist_with: realtime_5min

  always_filter: {
    filters: [metrics.timestamp_date: "1 days"]
  }

  # A call starts at most a day before its turns.
  join: sessions {
    relationship: many_to_one
    type: left_outer
    sql_on: ${metrics.session_id} = ${sessions.session_id}
      AND ${sessions.start_time_raw} >= TIMESTAMP_SUB(COALESCE({% date_start metrics.timestamp_date %}, TIMESTAMP('1970-01-02 00:00:00')), INTERVAL 1 DAY) ;;
  }

  aggregate_table: realtime_turns_by_hour {
    query: {
      dimensions: [
        metrics.timestamp_hour,
        metrics.timestamp_date,
        sessions.qualification_tier,
        sessions.sentiment,
        sessions.industry,
        sessions.agent_version
      ]
      measures: [metrics.turns, metrics.average_total_latency_ms, metrics.tokens_used]
      filters: [metrics.timestamp_time: "24 hours"]
    }
    materialization: {
      datagroup_trigger: realtime_5min
    }
  }
}

explore: tool_calls {
  label: "Tool calls (knowledge searches)"
  description: "One row per tool call the agent made (knowledge searches with their query and results), from transcripts.session_record. Filtered on call date, the partition column."
  persist_with: realtime_5min

  always_filter: {
    filters: [tool_calls.start_time_date: "7 days"]
  }

  join: sessions {
    relationship: many_to_one
    type: left_outer
    sql_on: ${tool_calls.session_id} = ${sessions.session_id}
      AND {% condition tool_calls.start_time_date %} ${sessions.start_time_raw} {% endcondition %} ;;
  }
}

explore: alerts_history {
  label: "Alerts"
  description: "Every alert raised and where it went, with the call of per-call alerts. Filtered on trigger date, the partition column."
  persist_with: realtime_5min

  always_filter: {
    filters: [alerts_history.triggered_at_date: "7 days"]
  }

  # Per-call alerts fire within a day of the call (alerts.json business_max_age_hours: 24).
  join: sessions {
    relationship: many_to_one
    type: left_outer
    sql_on: ${alerts_history.session_id} = ${sessions.session_id}
      AND ${sessions.start_time_raw} >= TIMESTAMP_SUB(COALESCE({% date_start alerts_history.triggered_at_date %}, TIMESTAMP('1970-01-03 00:00:00')), INTERVAL 2 DAY) ;;
  }
}

explore: daily_call_trends {
  label: "Daily call trends"
  description: "Calls per UTC day and dashboard filter values (tier, sentiment, industry, agent version) over the last 400 days, rebuilt when new calls arrive."
  persist_with: realtime_5min

  always_filter: {
    filters: [daily_call_trends.call_date: "30 days"]
  }
}

explore: latency_hourly {
  label: "Hourly latency percentiles"
  description: "Caller-perceived latency percentiles per hour and agent version: the pre-aggregated rollup for trends over up to a year (spec 8.3)."
  persist_with: realtime_5min

  always_filter: {
    filters: [latency_hourly.hour_start_date: "30 days"]
  }
}

explore: hot_leads_today {
  label: "Hot leads today"
  description: "Callers whose lead score passed the hot-lead threshold today (UTC), each with their latest such call; refreshed when new calls arrive."
  persist_with: realtime_5min

  # The table is rebuilt at the UTC day change; this keeps yesterday out until it is.
  sql_always_where: ${hot_leads_today.start_time_raw} >= TIMESTAMP(CURRENT_DATE()) ;;
}

explore: leads {
  label: "Leads"
  description: "One row per caller email, merged over every call: the latest signals and tier."
  persist_with: daily_refresh
}
