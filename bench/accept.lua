-- wrk script of the accept phases of bench/throughput.sh: POST /api/events with a fresh random event_id per request,
-- or with BENCH_BATCH=N (2 to 100), POST /api/events/batch with N such events per request.
--   BENCH_BODY='{"user_id":...}' wrk -t2 -c32 -d20s --timeout 10s -s bench/accept.lua http://127.0.0.1:8300
-- BENCH_BODY is a request body without event_id and without spaces; "event_id" is put in front of its fields.
-- done() prints one line "RESULT {json}": requests, 202s, other statuses (200, 4xx, 5xx), socket errors and latency percentiles
-- (microseconds, over every answer: wrk keeps one histogram; the script reports whether any answer was not 202).

local template = os.getenv("BENCH_BODY") or error("set BENCH_BODY")
local rest = string.sub(template, 2)
local batch = tonumber(os.getenv("BENCH_BATCH") or "1")
local headers = { ["Content-Type"] = "application/json" }
local random, format, gsub = math.random, string.format, string.gsub
local threads = {}

local function hex(c)
  return format("%x", c == "x" and random(0, 15) or random(8, 11))
end

local function uuid() -- version 4
  return (gsub("xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx", "[xy]", hex))
end

function setup(thread)
  thread:set("number", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  -- each thread has its own Lua state: seed each differently
  math.randomseed(os.time() * 1000 + number * 7919 + math.floor(os.clock() * 1e6))
  accepted, other, ok, client_error, server_error = 0, 0, 0, 0, 0
end

local function event()
  return '{"event_id":"' .. uuid() .. '",' .. rest
end

function request()
  if batch == 1 then
    return wrk.format("POST", "/api/events", headers, event())
  end
  local events = {}
  for i = 1, batch do events[i] = event() end
  return wrk.format("POST", "/api/events/batch", headers, "[" .. table.concat(events, ",") .. "]")
end

function response(status, headers, body)
  if status == 202 then
    accepted = accepted + 1
  else
    other = other + 1
    if status == 200 then ok = ok + 1 elseif status >= 500 then server_error = server_error + 1
    elseif status >= 400 then client_error = client_error + 1 end
  end
end

function done(summary, latency, requests)
  local accepted_total, other_total, ok_total, client_total, server_total = 0, 0, 0, 0, 0
  for _, thread in ipairs(threads) do
    accepted_total = accepted_total + thread:get("accepted")
    other_total = other_total + thread:get("other")
    ok_total = ok_total + thread:get("ok")
    client_total = client_total + thread:get("client_error")
    server_total = server_total + thread:get("server_error")
  end
  local e = summary.errors
  io.write(format('RESULT {"requests": %d, "events_per_request": %d, "duration_s": %.3f, "accepted": %d, "other_status": %d, '
      .. '"other_by_status": {"200": %d, "4xx": %d, "5xx": %d}, '
      .. '"socket_errors": {"connect": %d, "read": %d, "write": %d, "timeout": %d}, '
      .. '"latency_ms": {"p50": %.2f, "p90": %.2f, "p99": %.2f, "p99_9": %.2f, "max": %.2f, "mean": %.2f}}\n',
      summary.requests, batch, summary.duration / 1e6, accepted_total, other_total, ok_total, client_total, server_total,
      e.connect, e.read, e.write, e.timeout,
      latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
      latency:percentile(99.9) / 1000, latency.max / 1000, latency.mean / 1000))
end
