"""Other assistants' ways in: MCP tools (mcp_server.py) and what they share
with Dify's external knowledge API (answers.py: relevance scores, sources,
outline, reading a passage, the document list). The HTTP side of both lives in
qa/web/ (mcp_http.py, dify.py)."""
