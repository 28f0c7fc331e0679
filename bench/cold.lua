-- Every request asks for the article with a query string, which the page cache never serves or stores, so
-- every request renders the page. Content read once per content version stays read (bench/run.py measures
-- the first request after an edit, when that is stale too, separately).
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
