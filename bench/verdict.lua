-- POST the checker's last step with a real CSRF token and the cookies a browser has by then (CSRF and the
-- signed answers of the steps before), fetched by bench/run.py going through the steps (the same token stays
-- valid for every request: Django accepts any masked form of it). Arguments: <Cookie header> <form body>
function init(args)
  wrk.method = "POST"
  wrk.headers["Cookie"] = args[1]
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  wrk.body = args[2]
end
