--[[
  Append one event to a conversation's log, idempotently.

  Input:
    KEYS[1] record hash      (…:rec)
    KEYS[2] log stream       (…:log)
    KEYS[3] clientId hash    (…:cid)

    ARGV[1] clientId, or '' when the event has none
    ARGV[2] timestamp (ISO string), becomes the event's `at` and the record's `updatedAt`
    ARGV[3] event body as JSON (without seq and at)

  Output:
    { 0 }                         conversation not found
    { 1, seq, at, body }          appended
    { 2, seq, at, body }          clientId seen before: the earlier event, nothing written

  Atomic: seq increment, clientId dedup, XADD and lastSeq update happen in one script, so a command that
  ioredis resends after a reconnect finds its clientId and does not append twice. The stream id `<seq>-0`
  makes Redis itself reject an out-of-order seq.
]]
local rkey = KEYS[1]
local lkey = KEYS[2]
local ckey = KEYS[3]
local clientId = ARGV[1]

if redis.call('EXISTS', rkey) == 0 then
  return { 0 }
end

if clientId ~= '' then
  local earlier = redis.call('HGET', ckey, clientId)
  if earlier then
    local id = earlier .. '-0'
    local entries = redis.call('XRANGE', lkey, id, id)
    local fields = entries[1][2]
    local at, body
    for i = 1, #fields, 2 do
      if fields[i] == 'at' then at = fields[i + 1] elseif fields[i] == 'b' then body = fields[i + 1] end
    end
    return { 2, tonumber(earlier), at, body }
  end
end

local seq = redis.call('HINCRBY', rkey, 'lastSeq', 1)
redis.call('XADD', lkey, seq .. '-0', 'at', ARGV[2], 'b', ARGV[3])
redis.call('HSET', rkey, 'updatedAt', cjson.encode(ARGV[2]))
if clientId ~= '' then
  redis.call('HSET', ckey, clientId, seq)
end

-- A conversation already set to expire keeps one deadline for all its keys, including keys made now.
local ttl = redis.call('PTTL', rkey)
if ttl > 0 then
  redis.call('PEXPIRE', lkey, ttl)
  if clientId ~= '' then redis.call('PEXPIRE', ckey, ttl) end
end

return { 1, seq, ARGV[2], ARGV[3] }
