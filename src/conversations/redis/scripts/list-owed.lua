--[[
  List a conversation as owing a turn (its citizen message is being appended).

  Input:
    KEYS[1] owed-turns sorted set (…turns:owed)

    ARGV[1] now, in ms
    ARGV[2] conversation id

  Output:
    the listing's time (score)

  A renewal always gets a strictly later score than the listing it replaces, even within one millisecond,
  so a sweeper's `forget-owed` (which removes only a listing no newer than the one it read) never drops a
  listing made after its read.
]]
local previous = tonumber(redis.call('ZSCORE', KEYS[1], ARGV[2]) or '0')
local score = math.max(tonumber(ARGV[1]), previous + 1)
redis.call('ZADD', KEYS[1], score, ARGV[2])
return score
