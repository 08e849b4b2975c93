--[[
  Append one event to a conversation's log, idempotently, and (optionally) publish its notice.

  Input:
    KEYS[1] record hash      (…:rec)
    KEYS[2] log stream       (…:log)
    KEYS[3] clientId hash    (…:cid)

    ARGV[1] clientId, or '' when the event has none
    ARGV[2] timestamp (ISO string), becomes the event's `at` and the record's `updatedAt`
    ARGV[3] event body as JSON object (without seq and at)
    ARGV[4] '1' when the event is a citizen's message (refused once the conversation is closed), else '0'
    ARGV[5] pub/sub channel for the `events` notice, or '' to publish nothing
    ARGV[6] the notice's head as JSON, without its closing brace: {"type":"events","conversationId":"…"

  Output:
    { 0 }                         conversation not found
    { 1, seq, at, body }          appended (and, with ARGV[5], published)
    { 2, seq, at, body }          clientId seen before: the earlier event, nothing written or published
    { 3 }                         a citizen's message to a closed conversation: nothing written

  A citizen's message also sets the record's `lastCitizenSeq`: stored message and owed turn are one write.

  Atomic: seq increment, clientId dedup, XADD and lastSeq update happen in one script, so a command that
  ioredis resends after a reconnect finds its clientId and does not append twice. The stream id `<seq>-0`
  makes Redis itself reject an out-of-order seq. The dedup check comes before the closed check: a resend
  of a message stored before the conversation closed still gets its earlier event.

  The notice is `<head>,"seq":<seq>,"event":<body with seq and at>}`, the BusNotice `events` shape, built
  by splicing strings (cjson would turn empty arrays into objects). PUBLISH takes a channel, not a key, so
  the script stays legal on Redis Cluster (which forwards the message to every node).
]]
local rkey = KEYS[1]
local lkey = KEYS[2]
local ckey = KEYS[3]
local clientId = ARGV[1]
local at = ARGV[2]
local body = ARGV[3]

if redis.call('EXISTS', rkey) == 0 then
  return { 0 }
end

if clientId ~= '' then
  local earlier = redis.call('HGET', ckey, clientId)
  if earlier then
    local id = earlier .. '-0'
    local entries = redis.call('XRANGE', lkey, id, id)
    local fields = entries[1][2]
    local earlierAt, earlierBody
    for i = 1, #fields, 2 do
      if fields[i] == 'at' then earlierAt = fields[i + 1] elseif fields[i] == 'b' then earlierBody = fields[i + 1] end
    end
    return { 2, tonumber(earlier), earlierAt, earlierBody }
  end
end

if ARGV[4] == '1' and redis.call('HGET', rkey, 'state') == '"closed"' then
  return { 3 }
end

local seq = redis.call('HINCRBY', rkey, 'lastSeq', 1)
redis.call('XADD', lkey, seq .. '-0', 'at', at, 'b', body)
redis.call('HSET', rkey, 'updatedAt', cjson.encode(at))
if ARGV[4] == '1' then
  -- The turn this message is owed: the router advances turnSeq when it is done (docs/REDIS.md).
  redis.call('HSET', rkey, 'lastCitizenSeq', seq)
end
if clientId ~= '' then
  redis.call('HSET', ckey, clientId, seq)
end

-- A conversation already set to expire keeps one deadline for all its keys, including keys made now.
local ttl = redis.call('PTTL', rkey)
if ttl > 0 then
  redis.call('PEXPIRE', lkey, ttl)
  if clientId ~= '' then redis.call('PEXPIRE', ckey, ttl) end
end

if ARGV[5] ~= '' then
  local fields = string.sub(body, 2, -2)
  local sep = ''
  if string.find(fields, '%S') then sep = ',' end
  local event = '{' .. fields .. sep .. '"seq":' .. seq .. ',"at":' .. cjson.encode(at) .. '}'
  redis.call('PUBLISH', ARGV[5], ARGV[6] .. ',"seq":' .. seq .. ',"event":' .. event .. '}')
end

return { 1, seq, at, body }
