# content_gap_areas: one row per documentation area a call's content gaps point at, unnested
# from analysis_results.content_gaps "$.missing_documentation_areas" (the sessions explore joins
# it with UNNEST). Areas: integrations, pricing_and_plans, security_and_compliance, ...

view: content_gap_areas {
  dimension: pk {
    primary_key: yes
    hidden: yes
    type: string
    label: "Content gap key"
    description: "Session and documentation area."
    sql: CONCAT(${analysis_results.session_id}, '|', ${TABLE}) ;;
  }

  dimension: area {
    type: string
    label: "Documentation area"
    description: "Area the knowledge base could not answer: failed searches and unanswered questions point at it."
    sql: ${TABLE} ;;
  }

  measure: calls {
    type: count_distinct
    label: "Calls with the gap"
    description: "Calls whose failed searches or unanswered questions point at the area."
    sql: ${analysis_results.session_id} ;;
  }
}
