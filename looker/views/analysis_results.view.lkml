# analysis_results: the nine analyzer reports of each call (schemas/tables.py ANALYSIS_RESULTS).
# Report shapes: schemas/analysis.py (lead_score_breakdown = LeadScore, quality_analysis =
# Quality, competitors = {"competitors": [...], "mentions": [...]}, the others by name).
# Partitioned by DATE(analyzed_at). JSON columns are read with BigQuery's JSON functions.

view: analysis_results {
  sql_table_name: `@{project}.@{dataset}.analysis_results` ;;

  # --- Columns ---------------------------------------------------------------------------

  dimension: session_id {
    primary_key: yes
    type: string
    label: "Session ID"
    description: "The call."
    sql: ${TABLE}.session_id ;;
  }

  dimension: sales_intelligence {
    type: string
    label: "Sales intelligence (JSON)"
    group_label: "Reports (JSON)"
    description: "Sales intelligence report as JSON text."
    sql: TO_JSON_STRING(${TABLE}.sales_intelligence) ;;
  }

  dimension: lead_score_breakdown {
    type: string
    label: "Lead score breakdown (JSON)"
    group_label: "Reports (JSON)"
    description: "Lead score report (components and reasons) as JSON text."
    sql: TO_JSON_STRING(${TABLE}.lead_score_breakdown) ;;
  }

  dimension: quality_analysis {
    type: string
    label: "Quality analysis (JSON)"
    group_label: "Reports (JSON)"
    description: "Conversation quality report as JSON text."
    sql: TO_JSON_STRING(${TABLE}.quality_analysis) ;;
  }

  dimension: sentiment_analysis {
    type: string
    label: "Sentiment analysis (JSON)"
    group_label: "Reports (JSON)"
    description: "Sentiment report as JSON text."
    sql: TO_JSON_STRING(${TABLE}.sentiment_analysis) ;;
  }

  dimension: objections {
    type: string
    label: "Objections (JSON)"
    group_label: "Reports (JSON)"
    description: "Objections with their quotes as JSON text."
    sql: TO_JSON_STRING(${TABLE}.objections) ;;
  }

  dimension: competitors {
    type: string
    label: "Competitors (JSON)"
    group_label: "Reports (JSON)"
    description: "Competitor mentions with their stance and quotes as JSON text."
    sql: TO_JSON_STRING(${TABLE}.competitors) ;;
  }

  dimension: performance_analysis {
    type: string
    label: "Performance analysis (JSON)"
    group_label: "Reports (JSON)"
    description: "Latency, tokens, cost and anomalies as JSON text."
    sql: TO_JSON_STRING(${TABLE}.performance_analysis) ;;
  }

  dimension: content_gaps {
    type: string
    label: "Content gaps (JSON)"
    group_label: "Reports (JSON)"
    description: "Failed searches, unanswered and repeated questions as JSON text."
    sql: TO_JSON_STRING(${TABLE}.content_gaps) ;;
  }

  dimension: action_items {
    type: string
    label: "Action items (JSON)"
    group_label: "Reports (JSON)"
    description: "Action items with owners and dates as JSON text."
    sql: TO_JSON_STRING(${TABLE}.action_items) ;;
  }

  dimension: executive_summary {
    type: string
    label: "Executive summary (JSON)"
    group_label: "Reports (JSON)"
    description: "Outcome, takeaways, risks and next action as JSON text."
    sql: TO_JSON_STRING(${TABLE}.executive_summary) ;;
  }

  dimension_group: analyzed_at {
    type: time
    label: "Analyzed"
    description: "When the analysis ran (partition column)."
    timeframes: [raw, time, date, week, month]
    sql: ${TABLE}.analyzed_at ;;
  }

  dimension: analyzer_version {
    type: string
    label: "Analyzer version"
    description: "Version of the analyzers that produced the reports."
    sql: ${TABLE}.analyzer_version ;;
  }

  # --- Sales intelligence -----------------------------------------------------------------

  dimension: stated_team_size {
    type: number
    label: "Team size (stated in the call)"
    group_label: "Sales intelligence"
    description: "People who would use the product, as the caller said in this call."
    sql: SAFE_CAST(JSON_VALUE(${TABLE}.sales_intelligence, '$.team_size') AS INT64) ;;
  }

  dimension: team_size_tier {
    type: tier
    label: "Team size band"
    group_label: "Sales intelligence"
    description: "Stated team size in bands: 1, 2-5, 6-10, 11-25, 26-50, 51-100, 101-250, 251 or more."
    tiers: [2, 6, 11, 26, 51, 101, 251]
    style: integer
    sql: ${stated_team_size} ;;
  }

  dimension: monthly_document_volume {
    type: number
    label: "Monthly document volume"
    group_label: "Sales intelligence"
    description: "Documents a month, as the caller said."
    sql: SAFE_CAST(JSON_VALUE(${TABLE}.sales_intelligence, '$.monthly_document_volume') AS INT64) ;;
  }

  dimension: use_case_category {
    type: string
    label: "Use case"
    group_label: "Sales intelligence"
    description: "Use case category id."
    sql: JSON_VALUE(${TABLE}.sales_intelligence, '$.use_case_category') ;;
  }

  dimension: current_tool {
    type: string
    label: "Current tool"
    group_label: "Sales intelligence"
    description: "Competitor or current tool id the caller uses today."
    sql: JSON_VALUE(${TABLE}.sales_intelligence, '$.current_tool') ;;
  }

  dimension: budget_authority {
    type: string
    label: "Budget authority"
    group_label: "Sales intelligence"
    description: "decision_maker, shared, no_authority or unknown."
    sql: JSON_VALUE(${TABLE}.sales_intelligence, '$.budget_authority') ;;
  }

  dimension: decision_timeline {
    type: string
    label: "Decision timeline"
    group_label: "Sales intelligence"
    description: "immediate, one_month, quarter, later or unknown."
    sql: JSON_VALUE(${TABLE}.sales_intelligence, '$.decision_timeline') ;;
  }

  dimension: urgency {
    type: string
    label: "Urgency"
    group_label: "Sales intelligence"
    description: "high, medium, low or unknown."
    sql: JSON_VALUE(${TABLE}.sales_intelligence, '$.urgency') ;;
  }

  dimension: integration_needs_list {
    type: string
    label: "Integration needs"
    group_label: "Sales intelligence"
    description: "Integration ids the caller needs, comma-separated."
    sql: ARRAY_TO_STRING(JSON_VALUE_ARRAY(${TABLE}.sales_intelligence, '$.integration_needs'), ', ') ;;
  }

  dimension: feature_request_count {
    type: number
    label: "Feature requests"
    group_label: "Sales intelligence"
    description: "Feature requests the caller made."
    sql: ARRAY_LENGTH(JSON_QUERY_ARRAY(${TABLE}.sales_intelligence, '$.feature_requests')) ;;
  }

  dimension: buying_signal_count {
    type: number
    label: "Buying signals"
    group_label: "Sales intelligence"
    description: "Buying signals detected in the call."
    sql: ARRAY_LENGTH(JSON_QUERY_ARRAY(${TABLE}.sales_intelligence, '$.buying_signals')) ;;
  }

  dimension: bant_total {
    type: number
    label: "BANT score"
    group_label: "Sales intelligence"
    description: "Budget, authority, need and timeline, 0-100."
    sql: SAFE_CAST(JSON_VALUE(${TABLE}.sales_intelligence, '$.bant.total') AS FLOAT64) ;;
  }

  # Arrays the explore unnests (one row per item); hidden, used in join SQL only.
  dimension: integration_needs_array {
    hidden: yes
    type: string
    label: "Integration needs (array)"
    description: "ARRAY<STRING> of integration ids, for the integration_needs join."
    sql: JSON_VALUE_ARRAY(${TABLE}.sales_intelligence, '$.integration_needs') ;;
  }

  # --- Lead score breakdown ---------------------------------------------------------------

  dimension: demographic_score {
    type: number
    label: "Demographic score (0-20)"
    group_label: "Lead score breakdown"
    description: "Demographic component of the lead score."
    sql: SAFE_CAST(JSON_VALUE(${TABLE}.lead_score_breakdown, '$.demographic.score') AS FLOAT64) ;;
  }

  dimension: behavioral_score {
    type: number
    label: "Behavioral score (0-25)"
    group_label: "Lead score breakdown"
    description: "Behavioral component of the lead score."
    sql: SAFE_CAST(JSON_VALUE(${TABLE}.lead_score_breakdown, '$.behavioral.score') AS FLOAT64) ;;
  }

  dimension: firmographic_score {
    type: number
    label: "Firmographic score (0-20)"
    group_label: "Lead score breakdown"
    description: "Firmographic component of the lead score."
    sql: SAFE_CAST(JSON_VALUE(${TABLE}.lead_score_breakdown, '$.firmographic.score') AS FLOAT64) ;;
  }

  dimension: intent_score {
    type: number
    label: "Intent score (0-20)"
    group_label: "Lead score breakdown"
    description: "Intent component of the lead score."
    sql: SAFE_CAST(JSON_VALUE(${TABLE}.lead_score_breakdown, '$.intent.score') AS FLOAT64) ;;
  }

  dimension: fit_score {
    type: number
    label: "Fit score (0-15)"
    group_label: "Lead score breakdown"
    description: "Fit component of the lead score."
    sql: SAFE_CAST(JSON_VALUE(${TABLE}.lead_score_breakdown, '$.fit.score') AS FLOAT64) ;;
  }

  dimension: lead_score_confidence {
    type: number
    label: "Lead score confidence"
    group_label: "Lead score breakdown"
    description: "Confidence of the lead score, 0-1."
    sql: SAFE_CAST(JSON_VALUE(${TABLE}.lead_score_breakdown, '$.confidence') AS FLOAT64) ;;
    value_format_name: percent_0
  }

  # --- Conversation quality ---------------------------------------------------------------

  dimension: natural_ending {
    type: yesno
    label: "Natural ending"
    group_label: "Conversation quality"
    description: "The conversation ended naturally (a goodbye, not a drop or a cut-off)."
    sql: JSON_VALUE(${TABLE}.quality_analysis, '$.natural_ending') = 'true' ;;
  }

  dimension: user_satisfaction_proxy {
    type: number
    label: "User satisfaction proxy"
    group_label: "Conversation quality"
    description: "The quality analyzer's estimate of caller satisfaction, 0-100."
    sql: SAFE_CAST(JSON_VALUE(${TABLE}.quality_analysis, '$.user_satisfaction_proxy') AS FLOAT64) ;;
  }

  dimension: agent_effectiveness_score {
    type: number
    label: "Agent effectiveness score"
    group_label: "Conversation quality"
    description: "How well the agent handled the call, 0-100."
    sql: SAFE_CAST(JSON_VALUE(${TABLE}.quality_analysis, '$.agent_effectiveness_score') AS FLOAT64) ;;
  }

  dimension: dead_air_percentage {
    type: number
    label: "Dead air (%)"
    group_label: "Conversation quality"
    description: "Share of the call with nobody speaking, 0-100."
    sql: SAFE_CAST(JSON_VALUE(${TABLE}.quality_analysis, '$.dead_air_percentage') AS FLOAT64) ;;
  }

  dimension: turn_balance_ratio {
    type: number
    label: "Turn balance ratio"
    group_label: "Conversation quality"
    description: "Caller turns per agent turn."
    sql: SAFE_CAST(JSON_VALUE(${TABLE}.quality_analysis, '$.turn_balance_ratio') AS FLOAT64) ;;
  }

  dimension: question_engagement_count {
    type: number
    label: "Questions asked by the caller"
    group_label: "Conversation quality"
    description: "Question engagement count."
    sql: SAFE_CAST(JSON_VALUE(${TABLE}.quality_analysis, '$.question_engagement_count') AS INT64) ;;
  }

  dimension: interruptions_per_minute {
    type: number
    label: "Interruptions per minute"
    group_label: "Conversation quality"
    description: "Interruption frequency per minute of call."
    sql: SAFE_CAST(JSON_VALUE(${TABLE}.quality_analysis, '$.interruption_frequency_per_minute') AS FLOAT64) ;;
  }

  dimension: sentiment_start {
    type: number
    label: "Sentiment at start"
    group_label: "Conversation quality"
    description: "Caller sentiment score at the start of the call, -1 to 1."
    sql: SAFE_CAST(JSON_VALUE(${TABLE}.quality_analysis, '$.sentiment_start') AS FLOAT64) ;;
  }

  dimension: sentiment_end {
    type: number
    label: "Sentiment at end"
    group_label: "Conversation quality"
    description: "Caller sentiment score at the end of the call, -1 to 1."
    sql: SAFE_CAST(JSON_VALUE(${TABLE}.quality_analysis, '$.sentiment_end') AS FLOAT64) ;;
  }

  # --- Sentiment --------------------------------------------------------------------------

  dimension: sentiment_score {
    type: number
    label: "Sentiment score"
    group_label: "Sentiment"
    description: "Overall caller sentiment score, -1 to 1."
    sql: SAFE_CAST(JSON_VALUE(${TABLE}.sentiment_analysis, '$.score') AS FLOAT64) ;;
  }

  dimension: emotional_tone {
    type: string
    label: "Emotional tone"
    group_label: "Sentiment"
    description: "enthusiastic, calm, confused, skeptical, frustrated or hurried."
    sql: JSON_VALUE(${TABLE}.sentiment_analysis, '$.emotional_tone') ;;
  }

  dimension: closing_sentiment {
    type: string
    label: "Closing sentiment"
    group_label: "Sentiment"
    description: "Sentiment label of the close of the call."
    sql: JSON_VALUE(${TABLE}.sentiment_analysis, '$.by_segment.close.label') ;;
  }

  dimension: frustration_indicator_count {
    type: number
    label: "Frustration indicators"
    group_label: "Sentiment"
    description: "Frustration indicators found in the caller's words."
    sql: ARRAY_LENGTH(JSON_QUERY_ARRAY(${TABLE}.sentiment_analysis, '$.frustration_indicators')) ;;
  }

  # --- Objections and competitors ---------------------------------------------------------

  dimension: objection_types_list {
    type: string
    label: "Objection types"
    group_label: "Objections and competitors"
    description: "Objection types raised in the call, comma-separated."
    sql: ARRAY_TO_STRING(JSON_VALUE_ARRAY(${TABLE}.objections, '$.types'), ', ') ;;
  }

  dimension: objection_count {
    type: number
    label: "Objections raised"
    group_label: "Objections and competitors"
    description: "Objections raised in the call, each with its quote."
    sql: ARRAY_LENGTH(JSON_QUERY_ARRAY(${TABLE}.objections, '$.objections')) ;;
  }

  dimension: competitors_list {
    type: string
    label: "Competitors mentioned"
    group_label: "Objections and competitors"
    description: "Competitor ids the caller mentioned, comma-separated (any stance)."
    sql: ARRAY_TO_STRING(JSON_VALUE_ARRAY(${TABLE}.competitors, '$.competitors'), ', ') ;;
  }

  dimension: objection_types_array {
    hidden: yes
    type: string
    label: "Objection types (array)"
    description: "ARRAY<STRING> of objection types, for the objection_types join."
    sql: JSON_VALUE_ARRAY(${TABLE}.objections, '$.types') ;;
  }

  dimension: competitor_mentions_array {
    hidden: yes
    type: string
    label: "Competitor mentions (array)"
    description: "ARRAY<JSON> of competitor mentions, for the competitor_mentions join."
    sql: JSON_QUERY_ARRAY(${TABLE}.competitors, '$.mentions') ;;
  }

  # --- Performance ------------------------------------------------------------------------

  dimension: performance_score {
    type: number
    label: "Performance score"
    group_label: "Performance"
    description: "Latency and cost against targets, 0-100."
    sql: SAFE_CAST(JSON_VALUE(${TABLE}.performance_analysis, '$.performance_score') AS FLOAT64) ;;
  }

  dimension: p99_latency_ms {
    type: number
    label: "Call P99 latency (ms)"
    group_label: "Performance"
    description: "99th percentile caller-perceived latency of the call, ms."
    sql: SAFE_CAST(JSON_VALUE(${TABLE}.performance_analysis, '$.p99_latency_ms') AS FLOAT64) ;;
  }

  dimension: max_latency_ms {
    type: number
    label: "Call max latency (ms)"
    group_label: "Performance"
    description: "Longest caller-perceived wait of the call, ms."
    sql: SAFE_CAST(JSON_VALUE(${TABLE}.performance_analysis, '$.max_latency_ms') AS FLOAT64) ;;
  }

  dimension: anomaly_count {
    type: number
    label: "Performance anomalies"
    group_label: "Performance"
    description: "Anomalies the performance analyzer flagged."
    sql: ARRAY_LENGTH(JSON_QUERY_ARRAY(${TABLE}.performance_analysis, '$.anomalies')) ;;
  }

  # --- Content gaps -----------------------------------------------------------------------

  dimension: failed_search_count {
    type: number
    label: "Failed searches"
    group_label: "Content gaps"
    description: "Knowledge searches with no results."
    sql: ARRAY_LENGTH(JSON_VALUE_ARRAY(${TABLE}.content_gaps, '$.failed_searches')) ;;
  }

  dimension: unanswered_question_count {
    type: number
    label: "Unanswered questions"
    group_label: "Content gaps"
    description: "Caller questions the agent deflected or could not answer."
    sql: ARRAY_LENGTH(JSON_QUERY_ARRAY(${TABLE}.content_gaps, '$.unanswered_questions')) ;;
  }

  dimension: repeated_question_count {
    type: number
    label: "Repeated questions"
    group_label: "Content gaps"
    description: "Questions the caller had to ask again."
    sql: ARRAY_LENGTH(JSON_QUERY_ARRAY(${TABLE}.content_gaps, '$.repeated_questions')) ;;
  }

  dimension: missing_documentation_areas {
    type: string
    label: "Missing documentation areas"
    group_label: "Content gaps"
    description: "Documentation areas the gaps point at, comma-separated."
    sql: ARRAY_TO_STRING(JSON_VALUE_ARRAY(${TABLE}.content_gaps, '$.missing_documentation_areas'), ', ') ;;
  }

  dimension: has_content_gap {
    type: yesno
    label: "Has content gap"
    group_label: "Content gaps"
    description: "The call had a failed search or an unanswered question."
    sql: ${failed_search_count} > 0 OR ${unanswered_question_count} > 0 ;;
  }

  dimension: content_gap_areas_array {
    hidden: yes
    type: string
    label: "Missing documentation areas (array)"
    description: "ARRAY<STRING> of documentation areas, for the content_gap_areas join."
    sql: JSON_VALUE_ARRAY(${TABLE}.content_gaps, '$.missing_documentation_areas') ;;
  }

  # --- Action items and executive summary -------------------------------------------------

  dimension: action_item_count {
    type: number
    label: "Action items"
    group_label: "Action items"
    description: "Action items extracted from the call."
    sql: ARRAY_LENGTH(JSON_QUERY_ARRAY(${TABLE}.action_items, '$.items')) ;;
  }

  dimension: summary_call_outcome {
    type: string
    label: "Call outcome (summary)"
    group_label: "Executive summary"
    description: "Outcome id from the executive summary."
    sql: JSON_VALUE(${TABLE}.executive_summary, '$.call_outcome') ;;
  }

  dimension: recommended_next_action {
    type: string
    label: "Recommended next action"
    group_label: "Executive summary"
    description: "What sales should do next."
    sql: JSON_VALUE(${TABLE}.executive_summary, '$.recommended_next_action') ;;
  }

  dimension: opportunity_summary {
    type: string
    label: "Opportunity summary"
    group_label: "Executive summary"
    description: "The opportunity in one paragraph."
    sql: JSON_VALUE(${TABLE}.executive_summary, '$.opportunity_summary') ;;
  }

  dimension: key_takeaways {
    type: string
    label: "Key takeaways"
    group_label: "Executive summary"
    description: "Three to five takeaways, one per line."
    sql: ARRAY_TO_STRING(JSON_VALUE_ARRAY(${TABLE}.executive_summary, '$.key_takeaways'), '\n') ;;
  }

  # --- Measures ---------------------------------------------------------------------------

  measure: count {
    type: count
    label: "Analysed calls"
    description: "Calls with an analysis."
  }

  measure: natural_endings {
    type: count
    label: "Natural endings"
    description: "Analysed calls that ended naturally."
    filters: [natural_ending: "yes"]
  }

  measure: natural_ending_rate {
    type: number
    label: "Natural ending rate"
    description: "Analysed calls that ended naturally / analysed calls."
    sql: ${natural_endings} / NULLIF(${count}, 0) ;;
    value_format_name: percent_1
  }

  measure: average_user_satisfaction_proxy {
    type: average
    label: "User satisfaction proxy"
    description: "Mean of the quality analyzer's user satisfaction proxy, 0-100."
    sql: ${user_satisfaction_proxy} ;;
    value_format_name: decimal_1
  }

  measure: average_agent_effectiveness {
    type: average
    label: "Average agent effectiveness"
    description: "Mean agent effectiveness score, 0-100."
    sql: ${agent_effectiveness_score} ;;
    value_format_name: decimal_1
  }

  measure: average_dead_air_percentage {
    type: average
    label: "Average dead air (%)"
    description: "Mean share of the call with nobody speaking."
    sql: ${dead_air_percentage} ;;
    value_format_name: decimal_1
  }

  measure: average_performance_score {
    type: average
    label: "Average performance score"
    description: "Mean performance score against targets, 0-100."
    sql: ${performance_score} ;;
    value_format_name: decimal_1
  }

  measure: average_bant_total {
    type: average
    label: "Average BANT score"
    description: "Mean BANT score, 0-100."
    sql: ${bant_total} ;;
    value_format_name: decimal_1
  }

  measure: calls_with_content_gaps {
    type: count
    label: "Calls with content gaps"
    description: "Analysed calls with a failed search or an unanswered question."
    filters: [has_content_gap: "yes"]
  }

  measure: total_failed_searches {
    type: sum
    label: "Failed searches"
    description: "Knowledge searches with no results."
    sql: ${failed_search_count} ;;
  }

  measure: average_stated_team_size {
    type: average
    label: "Average stated team size"
    description: "Mean team size callers stated."
    sql: ${stated_team_size} ;;
    value_format_name: decimal_1
  }

  # Same rule as the executive digest (pipeline/alerts/digests.py PIPELINE_DEFINITION), so the
  # dashboard and the executive mail agree for the same period.
  measure: revenue_pipeline_influenced {
    type: number
    label: "Revenue pipeline influenced"
    description: "Annual seat revenue of qualified callers: for each distinct caller (email, else participant id) with a tier_1 or tier_2 call in the period, the team size they last stated in the period (1 when unknown) x 49 USD per seat per month (constant seat_price_usd_per_month) x 12 months."
    sql: (
      SELECT COALESCE(SUM(callers.team_size), 0) * @{seat_price_usd_per_month} * 12
      FROM (
        SELECT
          calls.caller,
          COALESCE(
            ARRAY_AGG(calls.team_size IGNORE NULLS ORDER BY calls.started DESC LIMIT 1)[SAFE_OFFSET(0)],
            1) AS team_size
        FROM UNNEST(ARRAY_AGG(STRUCT(
          ${sessions.caller_key} AS caller,
          ${sessions.start_time_raw} AS started,
          NULLIF(${stated_team_size}, 0) AS team_size,
          ${sessions.is_qualified} AS qualified))) AS calls
        GROUP BY calls.caller
        HAVING LOGICAL_OR(calls.qualified)
      ) AS callers
    ) ;;
    value_format_name: usd_0
  }
}
