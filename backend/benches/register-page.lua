-- wrk script: random 100-row pages of the register, as the signed-in person whose cookie is in
-- MAMORI_COOKIE (see docs/benchmarks.md).
local cookie = os.getenv("MAMORI_COOKIE")
local pages = tonumber(os.getenv("MAMORI_PAGES") or "20")
request = function()
  local offset = math.random(0, pages - 1) * 100
  return wrk.format("GET", "/api/v1/assets?limit=100&offset=" .. offset, { ["Cookie"] = cookie })
end
