-- wrk script: one Falco alert per POST, as Falco's http_output sends it. 1,000 distinct alerts
-- (containers and times) are built once and cycled, so wrk spends its CPU sending, not building.
local template = io.open(os.getenv("ALERT_TEMPLATE") or "bench/alert-template.json"):read("*a"):gsub("%s+$", "")
local requests = {}
-- wrk.format needs the thread's host, so requests are built in init, once per thread.
init = function(args)
  for i = 1, 1000 do
    local body = template:gsub("CONTAINERID", string.format("%012x", i)):gsub("NANOS", string.format("%09d", i * 7919))
    requests[i] = wrk.format("POST", "/", {["Content-Type"] = "application/json", ["User-Agent"] = "falcosecurity/falco"}, body)
  end
end
local n = 0
request = function()
  n = n % #requests + 1
  return requests[n]
end
