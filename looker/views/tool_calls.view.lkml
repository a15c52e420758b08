# tool_calls: one row per tool call the agent made, unnested from the session record the
# transcripts table keeps (transcripts.session_record "$.tool_calls"; shapes in
# schemas/session_record.py). Knowledge searches (unleash_search_knowledge) carry the query,
# category, results_found and total_results; meeting bookings carry success.
#
# Persisted and incremental: each rebuild re-reads the last two call dates only (the record
# never changes once written). A job that redacts transcripts must also force a full rebuild
# of this table, or redacted queries stay here.

view: tool_calls {
  derived_table: {
    sql:
      SELECT
        CONCAT(t.session_id, ':', CAST(call_index AS STRING)) AS tool_call_id,
        t.session_id AS session_id,
        t.start_time AS start_time,
        call_index AS call_index,
        JSON_VALUE(tool_call, '$.name') AS tool_name,
        SAFE_CAST(JSON_VALUE(tool_call, '$.timestamp') AS TIMESTAMP) AS called_at,
        JSON_VALUE(tool_call, '$.query') AS query,
        JSON_VALUE(tool_call, '$.category') AS category,
        SAFE_CAST(JSON_VALUE(tool_call, '$.results_found') AS BOOL) AS results_found,
        SAFE_CAST(JSON_VALUE(tool_call, '$.total_results') AS INT64) AS total_results,
        ARRAY_TO_STRING(JSON_VALUE_ARRAY(tool_call, '$.top_sources'), ', ') AS top_sources,
        SAFE_CAST(JSON_VALUE(tool_call, '$.success') AS BOOL) AS success
      FROM `@{project}.@{dataset}.transcripts` AS t
      CROSS JOIN UNNEST(JSON_QUERY_ARRAY(t.session_record, '$.tool_calls')) AS tool_call
        WITH OFFSET AS call_index
      WHERE {% incrementcondition %} t.start_time {% endincrementcondition %}
        AND t.start_time >= TIMESTAMP_SUB(CURRENT_TIMESTAMP(), INTERVAL 400 DAY)
      ;;
    datagroup_trigger: realtime_5min
    increment_key: "start_time_date"
    increment_offset: 1
    partition_keys: ["start_time"]
    cluster_keys: ["tool_name", "session_id"]
  }

  dimension: tool_call_id {
    primary_key: yes
    type: string
    label: "Tool call ID"
    description: "session_id:position of the call in the record's tool_calls."
    sql: ${TABLE}.tool_call_id ;;
  }

  dimension: session_id {
    type: string
    label: "Session ID"
    description: "The call."
    sql: ${TABLE}.session_id ;;
  }

  dimension_group: start_time {
    type: time
    label: "Call start"
    description: "When the call started (partition column: filter on it)."
    timeframes: [raw, time, hour, date, week, month]
    sql: ${TABLE}.start_time ;;
  }

  dimension: call_index {
    type: number
    label: "Position in call"
    description: "Position of the tool call in the record, from 0."
    sql: ${TABLE}.call_index ;;
  }

  dimension: tool_name {
    type: string
    label: "Tool"
    description: "unleash_search_knowledge, book_sales_meeting or any other tool the agent has."
    sql: ${TABLE}.tool_name ;;
  }

  dimension_group: called_at {
    type: time
    label: "Called"
    description: "When the agent called the tool."
    timeframes: [raw, time, hour, date]
    sql: ${TABLE}.called_at ;;
  }

  dimension: query {
    type: string
    label: "Search query"
    description: "What the agent searched the knowledge base for, as sent."
    sql: ${TABLE}.query ;;
  }

  dimension: normalized_query {
    type: string
    label: "Search query (normalised)"
    description: "The query lower-cased and trimmed, so the same question groups together."
    sql: LOWER(TRIM(${TABLE}.query)) ;;
  }

  dimension: category {
    type: string
    label: "Search category"
    description: "Knowledge base category the agent searched, when given."
    sql: ${TABLE}.category ;;
  }

  dimension: results_found {
    type: yesno
    label: "Results found"
    description: "The knowledge base said it found results."
    sql: ${TABLE}.results_found ;;
  }

  dimension: total_results {
    type: number
    label: "Results"
    description: "Results the knowledge base returned."
    sql: ${TABLE}.total_results ;;
  }

  dimension: top_sources {
    type: string
    label: "Top sources"
    description: "Sources of the top results (help_center, intercom, website, ...), comma-separated."
    sql: ${TABLE}.top_sources ;;
  }

  dimension: booking_success {
    type: yesno
    label: "Booking succeeded"
    description: "For book_sales_meeting: the meeting was booked."
    sql: ${TABLE}.success ;;
  }

  dimension: is_knowledge_search {
    type: yesno
    label: "Is knowledge search"
    description: "The tool call is an unleash_search_knowledge search."
    sql: ${TABLE}.tool_name = 'unleash_search_knowledge' ;;
  }

  dimension: is_successful_search {
    type: yesno
    label: "Is successful search"
    description: "A knowledge search that found results (results_found and at least one result), the content gap analyzer's rule."
    sql: ${TABLE}.tool_name = 'unleash_search_knowledge' AND ${TABLE}.results_found AND ${TABLE}.total_results > 0 ;;
  }

  dimension: is_failed_search {
    type: yesno
    label: "Is failed search"
    description: "A knowledge search that found nothing: a content gap."
    sql: ${TABLE}.tool_name = 'unleash_search_knowledge' AND NOT (IFNULL(${TABLE}.results_found, FALSE) AND IFNULL(${TABLE}.total_results, 0) > 0) ;;
  }

  measure: count {
    type: count
    label: "Tool calls"
    description: "Tool calls the agent made."
  }

  measure: knowledge_searches {
    type: count
    label: "Knowledge searches"
    description: "unleash_search_knowledge calls."
    filters: [is_knowledge_search: "yes"]
  }

  measure: successful_searches {
    type: count
    label: "Successful searches"
    description: "Knowledge searches that found results."
    filters: [is_successful_search: "yes"]
  }

  measure: failed_searches {
    type: count
    label: "Failed searches"
    description: "Knowledge searches that found nothing."
    filters: [is_failed_search: "yes"]
  }

  measure: search_success_rate {
    type: number
    label: "Search success rate"
    description: "Knowledge searches that found results / knowledge searches."
    sql: ${successful_searches} / NULLIF(${knowledge_searches}, 0) ;;
    value_format_name: percent_1
  }

  measure: average_results_per_search {
    type: average
    label: "Average results per query"
    description: "Mean results the knowledge base returned per search (failed searches count as 0)."
    sql: IFNULL(${total_results}, 0) ;;
    filters: [is_knowledge_search: "yes"]
    value_format_name: decimal_1
  }

  measure: calls_with_tool_use {
    type: count_distinct
    label: "Calls using tools"
    description: "Calls with at least one tool call."
    sql: ${session_id} ;;
  }

  measure: meetings_booked_by_tool {
    type: count
    label: "Successful bookings"
    description: "book_sales_meeting calls that booked a meeting."
    filters: [tool_name: "book_sales_meeting", booking_success: "yes"]
  }
}
