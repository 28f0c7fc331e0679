-- GET with the cookies a browser has at the checker's result (CSRF and the signed answers), fetched by
-- bench/run.py going through the steps. Arguments: <Cookie header>
function init(args)
  wrk.headers["Cookie"] = args[1]
end
