# objection_types: one row per objection type raised in a call, unnested from
# analysis_results.objections "$.types" (the sessions explore joins it with UNNEST). Types are
# the taxonomy's objection_types; each appears once per call.

view: objection_types {
  dimension: pk {
    primary_key: yes
    hidden: yes
    type: string
    label: "Objection key"
    description: "Session and objection type."
    sql: CONCAT(${analysis_results.session_id}, '|', ${TABLE}) ;;
  }

  dimension: objection_type {
    type: string
    label: "Objection type"
    description: "pricing, feature_gap, timing, competitor_mention, comparison_request, switching_barrier, security_compliance or authority."
    sql: ${TABLE} ;;
  }

  measure: calls {
    type: count_distinct
    label: "Calls with the objection"
    description: "Calls in which the objection type was raised."
    sql: ${analysis_results.session_id} ;;
  }
}
