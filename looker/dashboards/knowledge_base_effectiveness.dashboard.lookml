# Knowledge Base Effectiveness panel (spec 6.4) with the global filters of spec 6.7.
# tests/test_lookml.py checks every field, filter and listen against the model.

- dashboard: knowledge_base_effectiveness
  title: "Knowledge Base Effectiveness"
  layout: newspaper
  preferred_viewer: "dashboards-next"
  description: "Spec 6.4. Knowledge searches (unleash_search_knowledge tool calls) and content gaps over the date range (default: last 7 days); tile notes define each figure."
  refresh: "5 minutes"
  elements:
  - name: search_success_rate
    title: "Search success rate"
    model: voice_analytics
    explore: tool_calls
    type: single_value
    fields: [tool_calls.search_success_rate]
    custom_color_enabled: true
    show_single_value_title: true
    show_comparison: false
    note_state: collapsed
    note_display: hover
    note_text: "Knowledge searches that found results (results_found and at least one result) / knowledge searches."
    listen:
      date_range: tool_calls.start_time_date
      qualification_tier: sessions.qualification_tier
      sentiment: sessions.sentiment
      industry: sessions.industry
      agent_version: sessions.agent_version
    row: 0
    col: 0
    width: 8
    height: 4
  - name: average_results_per_query
    title: "Average results per query"
    model: voice_analytics
    explore: tool_calls
    type: single_value
    fields: [tool_calls.average_results_per_search]
    custom_color_enabled: true
    show_single_value_title: true
    show_comparison: false
    note_state: collapsed
    note_display: hover
    note_text: "Mean results the knowledge base returned per search; failed searches count as 0."
    listen:
      date_range: tool_calls.start_time_date
      qualification_tier: sessions.qualification_tier
      sentiment: sessions.sentiment
      industry: sessions.industry
      agent_version: sessions.agent_version
    row: 0
    col: 8
    width: 8
    height: 4
  - name: tool_usage_breakdown
    title: "Tool usage breakdown"
    model: voice_analytics
    explore: tool_calls
    type: looker_bar
    fields: [tool_calls.tool_name, tool_calls.count, tool_calls.calls_with_tool_use]
    sorts: [tool_calls.count desc]
    show_view_names: false
    show_value_labels: true
    legend_position: center
    note_state: collapsed
    note_display: hover
    note_text: "Tool calls the agent made, by tool, and the calls that used each."
    listen:
      date_range: tool_calls.start_time_date
      qualification_tier: sessions.qualification_tier
      sentiment: sessions.sentiment
      industry: sessions.industry
      agent_version: sessions.agent_version
    row: 0
    col: 16
    width: 8
    height: 8
  - name: top_searched_queries
    title: "Top searched queries"
    model: voice_analytics
    explore: tool_calls
    type: looker_grid
    fields: [tool_calls.normalized_query, tool_calls.knowledge_searches, tool_calls.search_success_rate, tool_calls.average_results_per_search]
    filters:
      tool_calls.is_knowledge_search: "Yes"
    sorts: [tool_calls.knowledge_searches desc]
    limit: 15
    show_view_names: false
    show_row_numbers: true
    table_theme: white
    size_to_fit: true
    note_state: collapsed
    note_display: hover
    note_text: "The 15 most frequent knowledge search queries (lower-cased, trimmed), with how often they found results."
    listen:
      date_range: tool_calls.start_time_date
      qualification_tier: sessions.qualification_tier
      sentiment: sessions.sentiment
      industry: sessions.industry
      agent_version: sessions.agent_version
    row: 4
    col: 0
    width: 16
    height: 8
  - name: content_gaps_identified
    title: "Content gaps identified"
    model: voice_analytics
    explore: sessions
    type: looker_bar
    fields: [content_gap_areas.area, content_gap_areas.calls]
    filters:
      content_gap_areas.area: "-NULL"
    sorts: [content_gap_areas.calls desc]
    show_view_names: false
    show_value_labels: true
    legend_position: center
    note_state: collapsed
    note_display: hover
    note_text: "Documentation areas the content gap analyzer found missing (from failed searches and unanswered questions), by calls."
    listen:
      date_range: sessions.start_time_date
      qualification_tier: sessions.qualification_tier
      sentiment: sessions.sentiment
      industry: sessions.industry
      agent_version: sessions.agent_version
    row: 12
    col: 0
    width: 12
    height: 8
  - name: failed_searches
    title: "Failed searches"
    model: voice_analytics
    explore: tool_calls
    type: looker_grid
    fields: [tool_calls.normalized_query, tool_calls.failed_searches]
    filters:
      tool_calls.is_failed_search: "Yes"
    sorts: [tool_calls.failed_searches desc]
    limit: 15
    show_view_names: false
    show_row_numbers: true
    table_theme: white
    size_to_fit: true
    note_state: collapsed
    note_display: hover
    note_text: "Knowledge search queries that found nothing, most frequent first: what to write next."
    listen:
      date_range: tool_calls.start_time_date
      qualification_tier: sessions.qualification_tier
      sentiment: sessions.sentiment
      industry: sessions.industry
      agent_version: sessions.agent_version
    row: 12
    col: 12
    width: 12
    height: 8
  filters:
  - name: date_range
    title: "Date range"
    type: field_filter
    default_value: "7 days"
    allow_multiple_values: true
    required: false
    ui_config: {type: relative_timeframes, display: inline}
    model: voice_analytics
    explore: sessions
    listens_to_filters: []
    field: sessions.start_time_date
  - name: qualification_tier
    title: "Qualification tier"
    type: field_filter
    default_value: ''
    allow_multiple_values: true
    required: false
    ui_config: {type: checkboxes, display: popover}
    model: voice_analytics
    explore: sessions
    listens_to_filters: []
    field: sessions.qualification_tier
  - name: sentiment
    title: Sentiment
    type: field_filter
    default_value: ''
    allow_multiple_values: true
    required: false
    ui_config: {type: checkboxes, display: popover}
    model: voice_analytics
    explore: sessions
    listens_to_filters: []
    field: sessions.sentiment
  - name: industry
    title: Industry
    type: field_filter
    default_value: ''
    allow_multiple_values: true
    required: false
    ui_config: {type: tag_list, display: popover}
    model: voice_analytics
    explore: sessions
    listens_to_filters: []
    field: sessions.industry
  - name: agent_version
    title: "Agent version"
    type: field_filter
    default_value: ''
    allow_multiple_values: true
    required: false
    ui_config: {type: tag_list, display: popover}
    model: voice_analytics
    explore: sessions
    listens_to_filters: []
    field: sessions.agent_version
