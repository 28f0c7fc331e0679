-- Every request asks for the article with a query string never asked before, so every request misses the
-- page cache: the view renders, the page is compressed and stored, as on the first request after an edit.
local thread_count = 0

function setup(thread)
  thread_count = thread_count + 1
  thread:set("thread_id", thread_count)
end

local n = 0

function request()
  n = n + 1
  return wrk.format(nil, wrk.path .. "?cold=" .. thread_id .. "-" .. n)
end
