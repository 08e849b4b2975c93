--[[
  Drop a conversation's owed-turn listing unless it was renewed after the sweeper read it.

  Input:
    KEYS[1] owed-turns sorted set (…turns:owed)

    ARGV[1] conversation id
    ARGV[2] the listing time the caller read

  Output:
    1 removed, 0 kept (renewed meanwhile, or not listed)
]]
local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
if score and tonumber(score) <= tonumber(ARGV[2]) then
  return redis.call('ZREM', KEYS[1], ARGV[1])
end
return 0
