-- POST a complete set of checker answers with a real CSRF token and cookie, fetched by bench/run.py with a
-- GET of the form (the same token stays valid for every request: Django accepts any masked form of it).
-- Arguments: <csrf cookie> <form body>
function init(args)
  wrk.method = "POST"
  wrk.headers["Cookie"] = "csrftoken=" .. args[1]
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  wrk.body = args[2]
end
